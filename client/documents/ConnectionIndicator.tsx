import type { CollabConnectionState } from './useCollabDocument'

const LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
} as const

/** Connected / reconnecting / offline, with the count of changes not yet on the server. */
export function ConnectionIndicator({ state }: { state: CollabConnectionState }) {
  const unsynced = state.unsyncedChanges
  return (
    <div className={`connection connection--${state.status}`} role="status" aria-live="polite" data-testid="connection-status" data-status={state.status}>
      <span className="connection__dot" aria-hidden="true" />
      <span>{LABELS[state.status]}</span>
      {unsynced > 0 && (
        <span className="connection__unsynced" data-testid="unsynced-count">
          {' '}· {unsynced} unsynced {unsynced === 1 ? 'change' : 'changes'} (kept on this device)
        </span>
      )}
      {state.closedReason && <span className="connection__reason"> · {state.closedReason}</span>}
    </div>
  )
}
