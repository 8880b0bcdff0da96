import { parseArgs } from 'node:util'
import { replaceResultsSection } from './resultsFile.js'
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
replaceResultsSection(section, '## Margin: frame times')
console.log('written to bench/results.md')
process.exit(0)
