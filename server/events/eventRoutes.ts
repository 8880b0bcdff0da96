import type { Router } from '../http/Router.js'
import type { Auth } from '../auth/Auth.js'
import type { EventHub } from './EventHub.js'

/**
 * GET /api/events: a Server-Sent Events stream of changes in the caller's groups. The browser's
 * EventSource reconnects by itself and sends Last-Event-ID, so it receives what it missed;
 * `?since=<cursor>` does the same for the first connection (the cursor comes with every list).
 */
export function addEventRoutes(router: Router, deps: { auth: Auth; hub: EventHub }) {
  router.add('GET', '/api/events', ({ req, res, url }) => {
    const { user } = deps.auth.require(req)
    const groups = deps.auth.accounts.membershipsOf(user.id).map((m) => m.groupId)
    const raw = req.headers['last-event-id'] ?? url.searchParams.get('since')
    const since = raw !== undefined && raw !== null && /^\d+$/.test(String(raw)) ? Number(raw) : deps.hub.latestSeq()
    deps.hub.subscribe(res, user, groups, since)
    return null
  })
}
