import { afterAll } from 'vitest'
import { api } from './http.js'
import { connectClient, type YClient } from './yClient.js'
import type { Cast } from './people.js'
import type { TestServer } from './testServer.js'

/**
 * For a test file on a server suite: API calls as a person of the cast, and collaboration clients
 * joined as one (synced before they are returned, closed after the file).
 */
export function castClients(suite: { server: TestServer }) {
  const clients: YClient[] = []
  afterAll(() => clients.forEach((c) => c.destroy()))
  const call = (who: keyof Cast, method: string, path: string, body?: unknown) => api(suite.server.url, method, path, { as: { token: suite.server.people[who].token }, body })
  const join = async (who: keyof Cast, docId: string): Promise<YClient> => {
    const client = connectClient(suite.server.wsUrl, docId, { token: suite.server.people[who].token })
    clients.push(client)
    await client.synced
    return client
  }
  return { call, join }
}
