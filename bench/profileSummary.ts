import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, and the
 * share of time by module. Usage: node --import tsx bench/profileSummary.ts <file.cpuprofile> [top] [last seconds]
 * With `last seconds`, only the samples of the profile's last seconds count (a benchmark's measured
 * phase, without the server's start and the clients' connections before it).
 */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount: number
  children?: number[]
}

export function summarizeProfile(file: string, top = 20, lastSeconds?: number): { samples: number; modules: Array<[string, number]>; functions: Array<[string, number]> } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }
  if (lastSeconds) {
    // Recount each node's samples over the last seconds only (timeDeltas are microseconds between samples).
    const times: number[] = []
    let t = 0
    for (const d of profile.timeDeltas) times.push((t += d))
    const from = t - lastSeconds * 1e6
    const hits = new Map<number, number>()
    profile.samples.forEach((id, i) => {
      if (times[i] >= from) hits.set(id, (hits.get(id) ?? 0) + 1)
    })
    for (const node of profile.nodes) node.hitCount = hits.get(node.id) ?? 0
  }
  const total = profile.nodes.reduce((n, node) => n + node.hitCount, 0)
  const byFunction = new Map<string, number>()
  const byModule = new Map<string, number>()
  for (const node of profile.nodes) {
    const url = node.callFrame.url.replace(/^file:\/\/\/work\/[^/]+\//, '')
    const module = url.includes('node_modules/') ? url.split('node_modules/')[1].split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/') : url ? url.split('/').slice(0, 2).join('/') : `(${node.callFrame.functionName || 'native'})`
    const key = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount)
    byModule.set(module, (byModule.get(module) ?? 0) + node.hitCount)
  }
  const share = (entries: Map<string, number>, n: number) => [...entries].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, (v / total) * 100] as [string, number])
  return { samples: total, modules: share(byModule, 12), functions: share(byFunction, top) }
}

/** The main thread's profile among those one run wrote to `dir` (the largest file: workers' are small). */
export function mainThreadProfile(dir: string): string | undefined {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : []
  return files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [file, topArg, lastArg] = process.argv.slice(2)
  const s = summarizeProfile(file, Number(topArg ?? 20), lastArg ? Number(lastArg) : undefined)
  const pct = (n: number) => `${n.toFixed(1)}%`
  console.log(`samples: ${s.samples}`)
  console.log('\nby module:')
  for (const [m, n] of s.modules) console.log(`  ${pct(n).padStart(6)}  ${m}`)
  console.log('\nby function (self time):')
  for (const [f, n] of s.functions) console.log(`  ${pct(n).padStart(6)}  ${f}`)
}
