import fs from 'node:fs'

/**
 * Replaces one section of bench/results.md (from the line that starts with `key`, by default the
 * section's own `## ` heading, to the next `## ` heading) with a new run's lines, or appends it;
 * the rest of the file is kept. Every benchmark writes its results this way, so a run of some
 * scenarios (`--only`) leaves the others' figures and the notes written by hand in place.
 */
export function replaceResultsSection(section: string[], key = section[0], file = 'bench/results.md'): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  const at = old.startsWith(key) ? 0 : old.indexOf(`\n${key}`) + 1
  const next = at === 0 && !old.startsWith(key) ? -1 : old.indexOf('\n## ', at + key.length)
  const body = `${section.join('\n').trimEnd()}\n`
  const updated = at === 0 && !old.startsWith(key) ? `${old.trimEnd()}\n\n${body}` : `${old.slice(0, at)}${body}${next === -1 ? '' : `\n${old.slice(next + 1)}`}`
  fs.writeFileSync(file, updated)
}

/** Replaces what comes before the first section (the title and the machine) with `header`. */
export function replaceResultsHeader(header: string[], file = 'bench/results.md'): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  const first = old.indexOf('\n## ')
  fs.writeFileSync(file, `${header.join('\n').trimEnd()}\n${first === -1 ? '' : `\n${old.slice(first + 1)}`}`)
}
