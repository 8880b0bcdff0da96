import { spawn, type ChildProcess } from 'node:child_process'
import { tokenFor } from './people.js'
import { serveCommand } from '../../bench/serveCommand.js'

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
  const serve = serveCommand()
  const child = spawn(process.execPath, serve.args, {
    env: { ...process.env, ...serve.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000)
    child.stdout!.on('data', (d) => {
      out += d
      const match = /running at (http:\/\/\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', () => reject(new Error(`server exited before starting: ${err}`)))
  })
  return { process: child, url, wsUrl: url.replace(/^http/, 'ws') + '/collab', exited, stderr: () => err }
}

/** A child server, a member's token made in its DATA_DIR, and the id of its first document. */
export async function startChildWithDocument(dataDir: string, email = 'switzerland@example.org'): Promise<{ child: ChildServer; token: string; docId: string }> {
  const child = await startChildServer(dataDir)
  const token = tokenFor(dataDir, email)
  const docs = await fetch(`${child.url}/api/documents`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())
  return { child, token, docId: docs[0].id as string }
}
