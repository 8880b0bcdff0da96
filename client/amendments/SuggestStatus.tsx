import { useTranslation } from 'react-i18next'
import type { SuggestControl } from './useSuggesting'

/**
 * In the toolbar: the "Suggest" toggle, or in amendments mode the standing notice that changes
 * are proposals; and, said politely, an edit that could not be made as a proposal.
 */
export function SuggestStatus({ control }: { control: SuggestControl }) {
  const { t } = useTranslation()
  return (
    <div className="toolbar__group suggest-status">
      {control.toggle && (
        <button
          type="button"
          className="suggest-toggle"
          aria-pressed={control.on}
          title={t('amendments.suggest.toggleHint')}
          onMouseDown={(e) => e.preventDefault()}
          onClick={control.toggle}
          data-testid="suggest-toggle"
        >
          {t('amendments.suggest.toggle')}
        </button>
      )}
      {control.on && (
        <span className="suggest-status__label" data-testid="suggesting-indicator">
          {control.forced ? t('amendments.suggest.forced') : t('amendments.suggest.on')}
        </span>
      )}
      <span className="suggest-status__refusal" role="status" aria-live="polite" data-testid="suggest-refusal">
        {control.refusal && t(control.refusal)}
      </span>
    </div>
  )
}
