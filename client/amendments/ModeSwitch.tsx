import { useState } from 'react'
import type { DocumentSummary } from '../../shared/types'
import type { EditingMode } from '../../shared/amendments/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'

const MODES: Array<{ mode: EditingMode; label: string; hint: string }> = [
  { mode: 'open', label: 'Open', hint: 'Everyone who may edit changes the text directly.' },
  { mode: 'amendments', label: 'Amendments', hint: 'Members’ and the DG office’s changes are proposals; you accept or reject them.' },
]

/** The chair's choice of how the document is edited; everyone's editor follows it live. */
export function ModeSwitch({ doc, onChanged }: { doc: DocumentSummary; onChanged: (d: DocumentSummary) => void }) {
  const [error, setError] = useState<string | null>(null)
  // The choice shows at once; it goes back if the server refuses it.
  const [pending, setPending] = useState<EditingMode | null>(null)
  const shown = pending ?? doc.mode
  const choose = async (mode: EditingMode) => {
    setError(null)
    setPending(mode)
    try {
      onChanged(await api.setMode(doc.id, mode))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setPending(null)
    }
  }
  return (
    <fieldset className="edit-roles mode-switch" data-testid="mode-switch" aria-describedby={`mode-hint-${doc.id}`}>
      <legend>Editing mode</legend>
      <div className="mode-switch__options">
        {MODES.map(({ mode, label }) => (
          <label key={mode} className="checkbox">
            <input type="radio" name={`mode-${doc.id}`} value={mode} checked={shown === mode} disabled={pending !== null} onChange={() => void choose(mode)} />
            {label}
          </label>
        ))}
      </div>
      <p className="hint mode-switch__hint" id={`mode-hint-${doc.id}`}>
        {MODES.find((m) => m.mode === shown)?.hint}
      </p>
      <ErrorText error={error} />
    </fieldset>
  )
}
