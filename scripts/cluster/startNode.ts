import { spawn, type ChildProcess } from 'node:child_process'
import { serveCommand } from '../../bench/serveCommand.js'

export interface NodeProcess {
  id: string
  process: ChildProcess
  url: string
  port: number
  /** What it printed on stdout until it listened (its address and, on a fresh database, the example sign-in links). */
  banner: () => string
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>
  stderr: () => string
}

/**
 * Starts one Plenary node as its own process, exactly as `npm run serve` does, on a port of its
 * choosing (PORT=0 unless env says otherwise), and resolves once it listens. Tests start their
 * child servers with it too (tests/helpers/childServer.ts).
 */
export async function startNode(id: string, env: Record<string, string>, { startTimeoutMs = 30_000 } = {}): Promise<NodeProcess> {
  const serve = serveCommand()
  const child = spawn(process.execPath, serve.args, {
    env: { ...process.env, ...serve.env, PORT: '0', HOST: '127.0.0.1', NODE_ID: id, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${id} did not start: ${err}`)), startTimeoutMs)
    child.stdout!.on('data', (d) => {
      out += d
      const match = /running at (http:\/\/\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', () => reject(new Error(`node ${id} exited before starting: ${err}`)))
  })
  return { id, process: child, url, port: Number(new URL(url).port), banner: () => out, exited, stderr: () => err }
}
