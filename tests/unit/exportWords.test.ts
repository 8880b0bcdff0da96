import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { EXPORT_WORDS, exportDateLine, exportWord, labelled, type ExportWordKey } from '../../shared/i18n/exportWords.js'
import { LANGUAGES } from '../../shared/i18n/languages.js'
import { DISPOSITION_VALUES } from '../../shared/dispositions/types.js'
import { commentsTableHeader, COMMENTS_TABLE_HEADER } from '../../server/export/commentsTable.js'
import { toDocx } from '../../server/export/toDocx.js'
import { del, docOf, p, proposal, t, BRAZIL, CHILE } from '../helpers/amendmentDocs.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const KEYS = Object.keys(EXPORT_WORDS.en) as ExportWordKey[]
/** Keys a language writes as English does (Spanish punctuates "label: text" the same way). */
const SAME_AS_ENGLISH: Record<string, ExportWordKey[]> = { fr: [], es: ['labelled'] }

describe('the exports’ fixed words in English, French and Spanish', () => {
  it('has every word in every language, none empty, each with the same {names} as the English', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(EXPORT_WORDS[language]).sort(), language).toEqual([...KEYS].sort())
      for (const key of KEYS) {
        const text = EXPORT_WORDS[language][key]
        expect(text.trim(), `${language} ${key}`).not.toBe('')
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(EXPORT_WORDS.en[key]))
      }
    }
  })

  it('translates every word (no English left in French or Spanish)', () => {
    for (const language of ['fr', 'es'] as const) {
      const untranslated = KEYS.filter((key) => EXPORT_WORDS[language][key] === EXPORT_WORDS.en[key] && !SAME_AS_ENGLISH[language].includes(key))
      expect(untranslated, language).toEqual([])
    }
  })

  it('keeps English as the cards and the log write it', () => {
    expect(DISPOSITION_VALUES.map((value) => exportWord('en', `disposition.${value}`))).toEqual(['Accepted', 'Partly accepted', 'Not accepted', 'Noted'])
    expect(COMMENTS_TABLE_HEADER).toEqual(['paragraph', 'delegation(s)', 'comment or proposed text', 'disposition', 'explanation', 'answering paragraph'])
    expect(commentsTableHeader('fr')).toEqual(['paragraphe', 'délégation(s)', 'commentaire ou texte proposé', 'suite donnée', 'explication', 'paragraphe de réponse'])
    expect(commentsTableHeader('es')).toEqual(['párrafo', 'delegación(es)', 'comentario o texto propuesto', 'curso dado', 'explicación', 'párrafo de respuesta'])
  })

  it('fills in names, punctuates a label as each language does, and writes dates in each locale', () => {
    expect(exportWord('fr', 'proposal.rejectedBy', { name: 'Elena Chair' })).toBe('Rejetée par Elena Chair')
    expect(labelled('en', 'Insert', 'text')).toBe('Insert: text')
    expect(labelled('fr', 'Insertion', 'texte')).toBe('Insertion\u202f: texte')
    expect(labelled('es', 'Inserción', 'texto')).toBe('Inserción: texto')
    const day = new Date(Date.UTC(2026, 10, 30, 12))
    expect([exportDateLine('en', day), exportDateLine('fr', day), exportDateLine('es', day)]).toEqual(['30 November 2026', '30 novembre 2026', '30 de noviembre de 2026'])
  })

  it('attributes a Word tracked change without a delegation, and a second deletion of the same text, in the document’s language', async () => {
    const anonymous = proposal('p-nobody', { authorId: 'u-chair', delegation: null }, Date.UTC(2026, 0, 2))
    const doc = docOf(p('Text ', t('gone', del(proposal('p-brazil', BRAZIL, Date.UTC(2026, 0, 2))), del(proposal('p-chile', CHILE, Date.UTC(2026, 0, 3)))), ' ', t('kept', del(anonymous))))
    const read = async (language?: 'fr' | 'es') => {
      const files = unzipSync(new Uint8Array(await toDocx(doc, 'Draft', [], { language })))
      return { document: strFromU8(files['word/document.xml']), comments: strFromU8(files['word/comments.xml']) }
    }
    const english = await read()
    expect(english.document).toContain('w:author="Unknown delegation"')
    expect(english.comments).toContain('Chile also proposes to delete this text.')
    const french = await read('fr')
    expect(french.document).toContain('w:author="Délégation inconnue"')
    expect(french.comments).toContain('Chile propose également de supprimer ce texte.')
    const spanish = await read('es')
    expect(spanish.document).toContain('w:author="Delegación desconocida"')
    expect(spanish.comments).toContain('Chile también propone suprimir este texto.')
  })
})
