import { createContext, useContext } from 'react'
import type { MeResponse } from '../shared/authTypes'

/** The signed-in person, as the server described them (GET /api/me). */
export const SessionContext = createContext<MeResponse | null>(null)

export function useSession(): MeResponse {
  const me = useContext(SessionContext)
  if (!me) throw new Error('useSession outside a signed-in page')
  return me
}
