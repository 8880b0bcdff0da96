import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { marginFrames, marginFramesSection } from './scenarios/marginFrames.js'

/**
 * npm run bench:margin [-- --seconds 10]: the margin's frame-time benchmark alone (see
 * scenarios/marginFrames.ts); its section of bench/results.md is replaced, the rest kept.
 * Needs the built client (npm run build).
 */
const { values } = parseArgs({ options: { seconds: { type: 'string' } } })
const seconds = Number(values.seconds ?? 10)
const baseline = await marginFrames(seconds, 0)
const r = await marginFrames(seconds)
const section = marginFramesSection(r, `npm run bench:margin${values.seconds ? ` -- --seconds ${seconds}` : ''}`, seconds, baseline)
console.log(section.join('\n'))
const file = 'bench/results.md'
const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
const heading = section[0]
const at = old.indexOf(heading)
const next = at === -1 ? -1 : old.indexOf('\n## ', at + heading.length)
const updated = at === -1 ? `${old.trimEnd()}\n\n${section.join('\n')}\n` : `${old.slice(0, at)}${section.join('\n')}\n${next === -1 ? '' : old.slice(next + 1)}`
fs.writeFileSync(file, updated)
console.log(`written to ${file}`)
process.exit(0)
