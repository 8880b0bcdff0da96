import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { CloseCodes } from '../../shared/protocol/closeCodes'
import type { CollabConnectionState } from './useCollabDocument'

/** Each state's message key. */
const LABELS = {
  connecting: 'connection.connecting',
  connected: 'connection.connected',
  reconnecting: 'connection.reconnecting',
  offline: 'connection.offline',
  closed: 'connection.closed',
} as const

/** The close codes the interface words itself (connection.reasons.<name>); others show the server's reason. */
const REASONS = new Map<number, string>(
  (['unsupportedData', 'malformedMessage', 'unauthenticated', 'foreignAuthor', 'schemaViolation', 'forbidden', 'documentNotFound', 'documentDeleted', 'tooLarge'] as const).map((name) => [
    CloseCodes[name].code,
    `connection.reasons.${name}`,
  ]),
)

/** Why the server closed the document's connection, in the interface's language where its close code is known. */
export const connectionReason = (t: TFunction, state: Pick<CollabConnectionState, 'closedCode' | 'closedReason'>) =>
  state.closedCode !== undefined && REASONS.has(state.closedCode) ? t(REASONS.get(state.closedCode)!) : state.closedReason

/** Connected / reconnecting / offline, with the count of changes not yet on the server. */
export function ConnectionIndicator({ state }: { state: CollabConnectionState }) {
  const { t } = useTranslation()
  const unsynced = state.unsyncedChanges
  const reason = connectionReason(t, state)
  return (
    <div className={`connection connection--${state.status}`} role="status" aria-live="polite" data-testid="connection-status" data-status={state.status}>
      <span className="connection__dot" aria-hidden="true" />
      <span>{t(LABELS[state.status])}</span>
      {unsynced > 0 && (
        <span className="connection__unsynced" data-testid="unsynced-count">
          {' '}· {t('connection.unsynced', { count: unsynced })}
        </span>
      )}
      {reason && <span className="connection__reason"> · {reason}</span>}
    </div>
  )
}
