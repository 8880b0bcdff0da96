import fs from 'node:fs'

/**
 * Replaces one section of bench/results.md (from its `## ` heading, the section's first line, to
 * the next heading) with a new run's lines, or appends it; the rest of the file is kept. For the
 * benchmarks run on their own (bench:margin, bench -- --cluster).
 */
export function replaceResultsSection(section: string[], file = 'bench/results.md'): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  const heading = section[0]
  const at = old.indexOf(heading)
  const next = at === -1 ? -1 : old.indexOf('\n## ', at + heading.length)
  const updated = at === -1 ? `${old.trimEnd()}\n\n${section.join('\n')}\n` : `${old.slice(0, at)}${section.join('\n')}\n${next === -1 ? '' : old.slice(next + 1)}`
  fs.writeFileSync(file, updated)
}
