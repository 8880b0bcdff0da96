import os from 'node:os'
import { clusterFanout, clusterIdle } from './scenarios/cluster.js'
import { replaceResultsSection } from './resultsFile.js'
import { fmt } from './stats.js'

const CPU_NOTE = (cpus: number) => `${cpus} × ${os.cpus()[0]?.model ?? 'cpu'}`

/**
 * `npm run bench -- --cluster [--runs 3]`: the fan-out load (600 clients on one document, 10 typing at 5 edits/s
 * with cursors) on `nodes` nodes sharing PostgreSQL and Redis, against the same load on one node on
 * the same PostgreSQL; then 3,000 idle connections over 600 documents across the nodes. Every
 * process (nodes, PostgreSQL, Redis, the load generator) on this one machine.
 */
export async function runClusterBench(options: { nodes: number; quick: boolean; runs: number; command: string }) {
  const clients = options.quick ? 150 : 600
  const seconds = options.quick ? 5 : 10
  // This machine is shared: each run compares the two setups back to back, and the runs' median ratio is the figure.
  const runs: Array<{ single: Awaited<ReturnType<typeof clusterFanout>>; cluster: Awaited<ReturnType<typeof clusterFanout>> }> = []
  for (let i = 0; i < options.runs; i++) runs.push({ single: await clusterFanout(1, clients, seconds), cluster: await clusterFanout(options.nodes, clients, seconds) })
  const ratios = runs.map((r) => r.cluster.crossNode.p99 / r.single.latency.p99)
  const ratio = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]
  const loss = runs.reduce((n, r) => n + r.single.expected - r.single.delivered + r.cluster.expected - r.cluster.delivered, 0)
  const row = (name: string, r: (typeof runs)[number]['single']) =>
    `| ${name} | ${fmt(r.latency.p50)} | ${fmt(r.latency.p99)} | ${fmt(r.crossNode.p50)} | ${fmt(r.crossNode.p99)} | ${fmt(r.latency.max)} | ${r.delivered} / ${r.expected} (${fmt((r.delivered / r.expected) * 100, 2)}%) | ${r.converged ? 'yes' : 'NO'}, ${r.storedMatches ? 'yes' : 'NO'} | ${r.cpuPerNode.map((c) => fmt(c, 0)).join(' / ')} | ${fmt(r.commitsPerSecond, 0)} |`
  const fanoutSection = [
    `## Cluster: ${clients} clients on one document spread over ${options.nodes} nodes (PostgreSQL + Redis), against the same load on one node (PostgreSQL)`,
    '',
    `- ${new Date().toISOString()}; ${CPU_NOTE(os.cpus().length)}; the nodes, PostgreSQL 15, Redis 7 and the load generator share this machine; command: ${options.command}`,
    `- 10 of the clients type 5 edits/s for ${seconds} s, each edit followed by a cursor update; the writers are spread over the nodes like everyone else. Latency is from the edit to its arrival at each other client, on one clock; "cross-node" counts only deliveries to a client on another node than the writer's (through PostgreSQL and Redis). Converged: every writer ends with the same text, and the document rebuilt from PostgreSQL is that text.`,
    '',
    '| setup | p50 ms | p99 ms | cross-node p50 ms | cross-node p99 ms | max ms | delivered / expected | converged (clients, PostgreSQL) | CPU % per node | PostgreSQL commits/s while typing (reads included) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...runs.flatMap((r, i) => [row(`run ${i + 1}: 1 node`, r.single), row(`run ${i + 1}: ${options.nodes} nodes`, r.cluster)]),
    '',
    `Cross-node p99 / single-node p99: **${fmt(ratio, 2)}x**${runs.length > 1 ? ` (median of ${runs.length} runs: ${ratios.map((x) => `${fmt(x, 2)}x`).join(', ')})` : ''} (target ≤ 1.50x); loss: ${loss} deliveries.`,
  ]
  console.log(fanoutSection.join('\n'))
  replaceResultsSection(fanoutSection)

  const connections = options.quick ? 600 : 3000
  const docs = options.quick ? 120 : 600
  const idle = await clusterIdle(options.nodes, connections, docs)
  const idleSection = [
    `## Cluster: ${connections.toLocaleString('en')} idle connections over ${docs} documents across ${options.nodes} nodes`,
    '',
    `- ${new Date().toISOString()}; command: ${options.command}; connections opened 250 at a time, spread round-robin over the nodes`,
    '',
    '| connections synced | all synced after ms | RSS per node with connections MiB | per connection KiB (all nodes, documents included) |',
    '|---|---|---|---|',
    `| ${idle.synced} / ${connections} | ${fmt(idle.syncedMs, 0)} | ${idle.perNodeMiB.map((m) => fmt(m, 0)).join(' / ')} | ${fmt(idle.perConnectionKiB, 1)} |`,
  ]
  console.log(idleSection.join('\n'))
  replaceResultsSection(idleSection)
  console.log('written to bench/results.md')
}
