import { z } from 'zod'
import type { Auth, Principal } from '../auth/Auth.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { EventHub, StreamAccess } from './EventHub.js'
import { route } from '../http/route.js'
import { DomainError } from '../http/DomainError.js'

/**
 * What a stream's principal may receive now: null once the session or token is revoked or
 * expired (the same test as for open websockets), else the current account, groups and expiry.
 */
export async function streamAccess(auth: Auth, groups: GroupStore, principal: Principal): Promise<StreamAccess | null> {
  if (!(await auth.stillValid(principal))) return null
  const user = await auth.accounts.userById(principal.user.id)
  const session = principal.via === 'session' ? await auth.accounts.session(principal.sessionId!) : undefined
  if (!user || (principal.via === 'session' && !session)) return null
  return { user, groupIds: (await groups.membershipsOf(user.id)).map((m) => m.groupId), expiresAt: session?.expiresAt ?? Infinity }
}

/**
 * GET /api/events: a Server-Sent Events stream of changes in the caller's groups. The browser's
 * EventSource reconnects by itself and sends Last-Event-ID, so it receives what it missed;
 * `?since=<cursor>` does the same for the first connection (the cursor comes with every list).
 * The stream is re-checked whenever access may have changed (EventHub.recheck): it ends when the
 * session or token is revoked or expires, and follows the user's current groups.
 */
export function eventRoutes(deps: { auth: Auth; groups: GroupStore; hub: EventHub }) {
  return [
    route({
      method: 'GET',
      url: '/api/events',
      summary: 'Server-Sent Events: thread, notification, feedback, feedback-unread and version events, with catch-up',
      querystring: z.object({ since: z.string().regex(/^\d+$/).optional() }),
      handler: async ({ req, reply, principal, query }) => {
        const check = () => streamAccess(deps.auth, deps.groups, principal)
        const access = await check()
        if (!access) throw new DomainError('unauthenticated', 'unauthenticated', 'sign in first')
        const raw = req.headers['last-event-id'] ?? query.since
        const since = raw !== undefined && /^\d+$/.test(String(raw)) ? Number(raw) : await deps.hub.latestSeq()
        reply.hijack()
        await deps.hub.subscribe(reply.raw, access, check, since)
        return reply
      },
    }),
  ]
}
