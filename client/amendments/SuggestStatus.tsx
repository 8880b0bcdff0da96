import type { SuggestControl } from './useSuggesting'

/**
 * In the toolbar: the "Suggest" toggle, or in amendments mode the standing notice that changes
 * are proposals; and, said politely, an edit that could not be made as a proposal.
 */
export function SuggestStatus({ control }: { control: SuggestControl }) {
  return (
    <div className="toolbar__group suggest-status">
      {control.toggle && (
        <button
          type="button"
          className="suggest-toggle"
          aria-pressed={control.on}
          title="Suggest: your changes become proposals others can support and the chair decides"
          onMouseDown={(e) => e.preventDefault()}
          onClick={control.toggle}
          data-testid="suggest-toggle"
        >
          Suggest
        </button>
      )}
      {control.on && (
        <span className="suggest-status__label" data-testid="suggesting-indicator">
          {control.forced ? 'Amendments mode — your changes are proposals' : 'Suggesting — your changes are proposals'}
        </span>
      )}
      <span className="suggest-status__refusal" role="status" aria-live="polite" data-testid="suggest-refusal">
        {control.refusal}
      </span>
    </div>
  )
}
