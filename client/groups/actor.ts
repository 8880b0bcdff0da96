import type { Actor, Role } from '../../shared/permissions'
import type { MeResponse } from '../../shared/authTypes'

/**
 * The signed-in person as an actor in one group, from what the server said (GET /api/me and the
 * group's myRole): what the client passes to can() to decide which controls to show. The server
 * decides again, with the same function, on every request.
 */
export function actorIn(me: MeResponse, role: Role | null): Actor {
  return { userId: me.user.id, isAdmin: me.user.isAdmin, role }
}
