import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { IntlMessageFormat } from 'intl-messageformat'
import { LANGUAGES } from '../../shared/i18n/languages.js'
import { findUncatalogued } from '../lint/uncataloguedStrings.js'

type Catalog = { [key: string]: string | Catalog }
const catalog = (language: string) => JSON.parse(fs.readFileSync(path.resolve(`client/i18n/locales/${language}.json`), 'utf8')) as Catalog

/** Every message of a catalog by its dotted key. */
function flatten(c: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(c)) {
    if (typeof value === 'string') out.set(prefix + key, value)
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v)
  }
  return out
}

/** The arguments an ICU message uses ({name}, {count, plural, …}), sorted. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>()
  const walk = (elements: ReturnType<IntlMessageFormat['getAst']>) => {
    for (const e of elements) {
      if ('value' in e && typeof e.value === 'string' && e.type !== 0) names.add(e.value)
      if ('options' in e) for (const option of Object.values(e.options)) walk(option.value)
      if ('children' in e) walk(e.children)
    }
  }
  walk(new IntlMessageFormat(message, locale).getAst())
  return [...names].sort()
}

describe('the message catalogs', () => {
  const english = flatten(catalog('en'))

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English message and nothing else, each with the same arguments', (language) => {
    const other = flatten(catalog(language))
    expect([...other.keys()].filter((k) => !english.has(k)), 'messages English does not have').toEqual([])
    expect([...english.keys()].filter((k) => !other.has(k)), 'messages missing').toEqual([])
    for (const [key, message] of english) expect(argumentsOf(other.get(key)!, language), key).toEqual(argumentsOf(message, 'en'))
  })

  it.each([...LANGUAGES])('%s: every message is valid ICU and not empty', (language) => {
    for (const [key, message] of flatten(catalog(language))) {
      expect(message.trim(), key).not.toBe('')
      expect(() => new IntlMessageFormat(message, language), key).not.toThrow()
    }
  })
})

describe('the check for interface text written in the code', () => {
  it('finds words between tags, in labels people read or hear, in shown literals and in dialogs', () => {
    const code = `export const A = () => (<div aria-label="Comments">Post comment {busy ? 'Saving…' : 'Save'} {n} <b title={\`Show \${x}\`}>✓</b></div>)
      const go = () => confirm('Delete it?')`
    expect(findUncatalogued('a.tsx', code).map((f) => f.text)).toEqual(['aria-label="Comments"', 'Post comment', "'Saving…'", "'Save'", '`Show ${x}`', "'Delete it?'"])
  })

  it('lets through what comes from the catalogs, and text without words', () => {
    const code = `export const A = () => (<div aria-label={t('comments.title')}>{t('comments.post')} · ✓ {count} <span className="x" data-testid="y">▾</span> Plenary</div>)`
    expect(findUncatalogued('a.tsx', code)).toEqual([])
  })
})
