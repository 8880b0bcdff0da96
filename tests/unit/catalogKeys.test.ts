import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

type Catalog = { [key: string]: string | Catalog }

/** Every message key of the English catalog (the source), dotted. */
function keys(c: Catalog, prefix = ''): string[] {
  return Object.entries(c).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)))
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []))
}

describe('the keys the client asks the catalogs for', () => {
  it('are all in the English catalog: a mistyped key would show itself to the reader', () => {
    const known = new Set(keys(JSON.parse(fs.readFileSync('client/i18n/locales/en.json', 'utf8')) as Catalog))
    const missing: string[] = []
    let asked = 0
    for (const file of files('client')) {
      const text = fs.readFileSync(file, 'utf8')
      // t('area.key' …), i18next.t('area.key' …) and <Trans i18nKey="area.key" />: the literal keys.
      for (const [, key] of [...text.matchAll(/\bt\(\s*'([\w.-]+)'/g), ...text.matchAll(/i18nKey="([\w.-]+)"/g)]) {
        asked++
        if (!known.has(key)) missing.push(`${file}: ${key}`)
      }
    }
    expect(asked).toBeGreaterThan(100)
    expect(missing).toEqual([])
  })
})
