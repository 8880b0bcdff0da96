import { parseArgs } from 'node:util'
import { startNode, type NodeProcess } from './startNode.js'
import { RoundRobinProxy } from './RoundRobinProxy.js'

/**
 * `npm run cluster -- --nodes 3`: several Plenary nodes on one PostgreSQL and one Redis, behind a
 * round-robin load balancer on --port, for trying cluster mode on one machine. The first node
 * starts alone (it runs the migrations and seeds the example workspace), then the others.
 */
const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
  },
})
const count = Math.max(1, Number(values.nodes))
const port = Number(values.port)
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  PUBLIC_URL: process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
}

const nodes: NodeProcess[] = []
const first = await startNode('node-1', env)
nodes.push(first)
// Give it a moment to print the example sign-in links after its address.
await new Promise((r) => setTimeout(r, 300))
process.stdout.write(first.banner().replace(/running at \S+/, `running (${first.id})`))
nodes.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => startNode(`node-${i + 2}`, { ...env, SEED_EXAMPLE: 'false' })))))
for (const node of nodes) node.process.stderr!.on('data', (d: Buffer) => process.stderr.write(`[${node.id}] ${d}`))
const proxy = new RoundRobinProxy(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })))
await proxy.listen(port)
process.stdout.write(`\n${nodes.length} nodes (${nodes.map((n) => `${n.id} on ${n.port}`).join(', ')}) behind http://127.0.0.1:${port}\n`)

const stop = async () => {
  await proxy.close()
  for (const node of nodes) node.process.kill('SIGTERM')
  await Promise.all(nodes.map((n) => n.exited))
  process.exit(0)
}
process.once('SIGINT', () => void stop())
process.once('SIGTERM', () => void stop())
