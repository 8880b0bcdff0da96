import type { ChildProcess } from 'node:child_process'
import { tokenFor } from './people.js'
import { startNode } from '../../scripts/cluster/startNode.js'

export interface ChildServer {
  process: ChildProcess
  url: string
  wsUrl: string
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>
  stderr: () => string
}

/**
 * Runs the server as a separate process on port 0, exactly as `npm run serve` (npm start) does,
 * so tests can kill -9 it or send it SIGTERM.
 */
export async function startChildServer(dataDir: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const node = await startNode('child', { DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env }, { startTimeoutMs: 20_000 })
  return { process: node.process, url: node.url, wsUrl: node.url.replace(/^http/, 'ws') + '/collab', exited: node.exited, stderr: node.stderr }
}

/** A child server, a member's token made in its DATA_DIR, and the id of its first document. */
export async function startChildWithDocument(dataDir: string, email = 'switzerland@example.org'): Promise<{ child: ChildServer; token: string; docId: string }> {
  const child = await startChildServer(dataDir)
  const token = tokenFor(dataDir, email)
  const docs = await fetch(`${child.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())
  return { child, token, docId: docs[0].id as string }
}
