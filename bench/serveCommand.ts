import fs from 'node:fs'
import path from 'node:path'

/**
 * How `npm run serve` (and so `npm start`) runs the server, read from package.json: the
 * environment it sets and the arguments it gives node. Benchmarks and crash tests start the
 * server exactly this way, with the real memory settings, and a process id that is node's own.
 */
export function serveCommand(): { env: Record<string, string>; args: string[] } {
  const pkg = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { scripts: Record<string, string> }
  const words = pkg.scripts.serve.trim().split(/\s+/)
  const env: Record<string, string> = {}
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [key, ...value] = words.shift()!.split('=')
    env[key] = value.join('=')
  }
  if (words.shift() !== 'node') throw new Error('the serve script must run node')
  return { env, args: words }
}
