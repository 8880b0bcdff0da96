import { useTranslation } from 'react-i18next'
import type { DocumentSummary } from '../../shared/types'
import type { EditingMode } from '../../shared/amendments/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { usePendingChoice } from '../editor/usePendingChoice'

/** Each mode's name and what it means, as message keys. */
const MODES: Array<{ mode: EditingMode; label: string; hint: string }> = [
  { mode: 'open', label: 'amendments.mode.open', hint: 'amendments.mode.openHint' },
  { mode: 'amendments', label: 'amendments.mode.amendments', hint: 'amendments.mode.amendmentsHint' },
]

/** The chair's choice of how the document is edited; everyone's editor follows it live. */
export function ModeSwitch({ doc, onChanged }: { doc: DocumentSummary; onChanged: (d: DocumentSummary) => void }) {
  // The choice shows at once; it goes back if the server refuses it.
  const { pending, error, choose } = usePendingChoice(async (mode: EditingMode) => onChanged(await api.setMode(doc.id, mode)))
  const shown = pending ?? doc.mode
  const { t } = useTranslation()
  return (
    <fieldset className="edit-roles mode-switch" data-testid="mode-switch" aria-describedby={`mode-hint-${doc.id}`}>
      <legend>{t('amendments.mode.legend')}</legend>
      <div className="mode-switch__options">
        {MODES.map(({ mode, label }) => (
          <label key={mode} className="checkbox">
            <input type="radio" name={`mode-${doc.id}`} value={mode} checked={shown === mode} disabled={pending !== null} onChange={() => void choose(mode)} />
            {t(label)}
          </label>
        ))}
      </div>
      <p className="hint mode-switch__hint" id={`mode-hint-${doc.id}`}>
        {t(MODES.find((m) => m.mode === shown)?.hint ?? MODES[0].hint)}
      </p>
      <ErrorText error={error} />
    </fieldset>
  )
}
