import { initProseMirrorDoc } from '@tiptap/y-tiptap'
import { startPlenary } from '../servers.js'
import { BenchClient } from '../client.js'
import { now, sleep, summarize } from '../stats.js'
import { accountAdapters } from '../../server/persistence/sqlite/accountStores.js'
import { createAnchor, findQuote, type ProsemirrorMapping } from '../../shared/comments/anchor.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { initialUpdate, dgResponseDocument } from '../../server/seed/seedExampleWorkspace.js'

/** Reads Server-Sent Events from a fetch body, calling onEvent with each event's name and data. */
async function readEvents(url: string, token: string, onEvent: (event: string, data: string) => void, signal: AbortSignal) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal })
  let buffer = ''
  const decoder = new TextDecoder()
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true })
      let end
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (event && data) onEvent(event, data)
      }
    }
  } catch {
    // aborted
  }
}

/**
 * Live delivery of comments and feedback updates (Plenary only; the reference servers have
 * neither): `subscribers` members hold event streams while a member comments and the DG office
 * posts updates; each subscriber measures when each arrives.
 */
export async function liveDelivery(options: { subscribers: number; posts: number }) {
  let tokens: { member: string; dg: string; readers: string[] } = { member: '', dg: '', readers: [] }
  const server = await startPlenary(['live'], {
    content: (storage) => {
      const { accounts, groups } = accountAdapters(storage.database)
      storage.db.prepare('INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)').run('live', initialUpdate(dgResponseDocument()))
      const make = (email: string, role: 'member' | 'dg-office') => {
        const u = accounts.createUser({ email, name: email })
        groups.setMembership({ groupId: 'bench', userId: u.id, role, delegation: email })
        return accounts.createToken(u.id, 'bench').token
      }
      tokens = { member: make('poster@x', 'member'), dg: make('dg@x', 'dg-office'), readers: Array.from({ length: options.subscribers }, (_, i) => make(`r${i}@x`, 'member')) }
    },
  })
  const base = `http://127.0.0.1:${server.port}`
  const controller = new AbortController()
  const sent = new Map<string, number>()
  const latencies: { thread: number[]; feedback: number[] } = { thread: [], feedback: [] }
  try {
    for (const token of tokens.readers) {
      void readEvents(`${base}/api/events`, token, (event, data) => {
        const marker = /LIVE-\d+/.exec(data)?.[0]
        const t = marker && sent.get(marker)
        if (t && (event === 'thread' || event === 'feedback')) latencies[event].push(now() - t)
      }, controller.signal)
    }
    await sleep(1000)
    const client = new BenchClient({ ...server, token: tokens.member }, 'live', { holdDoc: true })
    await client.synced
    const fragment = client.doc!.getXmlFragment('default')
    const { doc: pm, mapping } = initProseMirrorDoc(fragment, documentSchema())
    const found = findQuote(pm, { exact: 'Multi-donor Trust Funds', prefix: '', suffix: '' })!
    const anchor = createAnchor(pm, fragment, mapping as ProsemirrorMapping, found.from, found.to)
    for (let i = 0; i < options.posts; i++) {
      const marker = `LIVE-${i}`
      sent.set(marker, now())
      if (i % 2 === 0) {
        await fetch(`${base}/api/documents/live/threads`, { method: 'POST', headers: { authorization: `Bearer ${tokens.member}`, 'content-type': 'application/json' }, body: JSON.stringify({ anchor, body: marker }) })
      } else {
        await fetch(`${base}/api/groups/bench/feedback`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens.dg}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: marker, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: marker }] }] }, links: [] }),
        })
      }
      await sleep(100)
    }
    await sleep(1000)
    client.terminate()
    return { subscribers: options.subscribers, posts: options.posts, thread: summarize(latencies.thread), feedback: summarize(latencies.feedback) }
  } finally {
    controller.abort()
    await server.stop()
  }
}
