import { afterEach, describe, expect, it } from 'vitest'
import { startChildServer, type ChildServer } from '../helpers/childServer.js'
import { tempDataDir, removeDataDir } from '../helpers/testServer.js'
import { connectClient } from '../helpers/yClient.js'
import { tokenFor } from '../helpers/people.js'
import { signIn } from '../helpers/http.js'
import { SqliteDocumentStore } from '../../server/persistence/sqlite/SqliteDocumentStore.js'
import { accountAdapters } from '../../server/persistence/sqlite/accountStores.js'
import { hashPassword } from '../../server/auth/secrets.js'

let child: ChildServer | undefined
let dataDir: string | undefined
afterEach(() => {
  child?.process.kill('SIGKILL')
  if (dataDir) removeDataDir(dataDir)
})

describe('security', () => {
  it('never writes passwords, tokens, session ids or invitation links to the logs, even at debug level', async () => {
    dataDir = tempDataDir()
    child = await startChildServer(dataDir, { LOG_LEVEL: 'debug' })
    const storage = new SqliteDocumentStore(dataDir)
    const { accounts } = accountAdapters(storage.database)
    const chair = await accounts.userByEmail('chair@example.org')!
    const password = 'a very secret password 9'
    await accounts.setPassword(chair.id, await hashPassword(password))
    storage.close()
    const token = tokenFor(dataDir, 'chair@example.org')
    const session = await signIn(child.url, 'chair@example.org', password)
    await fetch(`${child.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'chair@example.org', password: 'wrong but secret 42' }) })
    const invite = await fetch(`${child.url}/api/groups/iom-un-relations/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'member', delegation: 'Peru' }),
    }).then((r) => r.json())
    // Errors are logged too: a malformed frame and a bad request.
    const docs = await fetch(`${child.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())
    const c = connectClient(child.wsUrl, docs[0].id, { token })
    await c.synced
    c.provider.ws!.send(new Uint8Array([9, 9, 9]))
    await new Promise((r) => setTimeout(r, 300))
    c.destroy()
    const log = child.stderr()
    expect(log.length).toBeGreaterThan(0)
    for (const secret of [password, 'wrong but secret 42', token, session.cookie!.split('=')[1], session.csrf!, invite.token]) expect(log).not.toContain(secret)
  })
})
