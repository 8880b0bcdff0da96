import type { Router } from '../http/Router.js'
import type { Auth, Principal } from '../auth/Auth.js'
import type { EventHub, StreamAccess } from './EventHub.js'
import { HttpError } from '../http/HttpError.js'

/**
 * What a stream's principal may receive now: null once the session or token is revoked or
 * expired (the same test as for open websockets), else the current account, groups and expiry.
 */
export function streamAccess(auth: Auth, principal: Principal): StreamAccess | null {
  if (!auth.stillValid(principal)) return null
  const user = auth.accounts.userById(principal.user.id)
  const session = principal.via === 'session' ? auth.accounts.session(principal.sessionId!) : undefined
  if (!user || (principal.via === 'session' && !session)) return null
  return { user, groupIds: auth.accounts.membershipsOf(user.id).map((m) => m.groupId), expiresAt: session?.expiresAt ?? Infinity }
}

/**
 * GET /api/events: a Server-Sent Events stream of changes in the caller's groups. The browser's
 * EventSource reconnects by itself and sends Last-Event-ID, so it receives what it missed;
 * `?since=<cursor>` does the same for the first connection (the cursor comes with every list).
 * The stream is re-checked whenever access may have changed (EventHub.recheck): it ends when the
 * session or token is revoked or expires, and follows the user's current groups.
 */
export function addEventRoutes(router: Router, deps: { auth: Auth; hub: EventHub }) {
  router.add('GET', '/api/events', ({ req, res, url }) => {
    const principal = deps.auth.require(req)
    const check = () => streamAccess(deps.auth, principal)
    const access = check()
    if (!access) throw new HttpError(401, 'unauthenticated', 'sign in first')
    const raw = req.headers['last-event-id'] ?? url.searchParams.get('since')
    const since = raw !== undefined && raw !== null && /^\d+$/.test(String(raw)) ? Number(raw) : deps.hub.latestSeq()
    deps.hub.subscribe(res, access, check, since)
    return null
  })
}
