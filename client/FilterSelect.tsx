import { useTranslation } from 'react-i18next'

/** A labelled filter of a list: "All", or one of the values found in it. */
export function FilterSelect(props: { label: string; name?: string; value: string; options: string[]; onChange: (value: string) => void }) {
  const { t } = useTranslation()
  return (
    <label>
      {props.label}
      <select aria-label={props.name ?? props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{t('filter.all')}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  )
}
