import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
export { freePort } from '../../bench/servers.js'

/** A Redis of the test's own on its own port (keeps nothing on disk), to stop and start at will. */
export class RedisProcess {
  private child: ChildProcess | undefined

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'pipe' })
        return
      } catch {
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    throw new Error(`redis-server did not start on ${this.port}`)
  }

  /** `redis-cli shutdown nosave`: Redis goes away at once, as in a crash. */
  async shutdown(): Promise<void> {
    const exited = new Promise((resolve) => this.child?.once('exit', resolve))
    try {
      execFileSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave'], { stdio: 'pipe' })
    } catch {
      // redis-cli reports the connection closing under it
    }
    await exited
  }
}
