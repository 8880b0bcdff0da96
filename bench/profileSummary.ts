import fs from 'node:fs'

/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, and the
 * share of time by module. Usage: node --import tsx bench/profileSummary.ts <file.cpuprofile> [top]
 */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount: number
  children?: number[]
}

const [file, topArg] = process.argv.slice(2)
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] }
const total = profile.nodes.reduce((n, node) => n + node.hitCount, 0)
const byFunction = new Map<string, number>()
const byModule = new Map<string, number>()
for (const node of profile.nodes) {
  const url = node.callFrame.url.replace(/^file:\/\/\/work\/main\//, '')
  const module = url.includes('node_modules/') ? url.split('node_modules/')[1].split('/').slice(0, url.includes('node_modules/@') ? 2 : 1).join('/') : url ? url.split('/').slice(0, 2).join('/') : `(${node.callFrame.functionName || 'native'})`
  const key = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount)
  byModule.set(module, (byModule.get(module) ?? 0) + node.hitCount)
}
const top = Number(topArg ?? 20)
const pct = (n: number) => `${((n / total) * 100).toFixed(1)}%`
console.log(`samples: ${total}`)
console.log('\nby module:')
for (const [m, n] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${pct(n).padStart(6)}  ${m}`)
console.log('\nby function (self time):')
for (const [f, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(n).padStart(6)}  ${f}`)
