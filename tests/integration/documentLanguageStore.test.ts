import { describe, expect, it } from 'vitest'
import { STORE_ADAPTERS, groupWithUser, storeSuite, unique } from '../helpers/storeAdapters.js'

describe.each(STORE_ADAPTERS)('the document’s language on $name', (adapter) => {
  const suite = storeSuite(adapter)

  it('is English for a new document, kept once set, listed with it, and not set on a deleted document', async () => {
    const { documents } = suite.stores
    const { groupId } = await groupWithUser(suite.stores)
    const [a, b] = [unique('d'), unique('d')]
    expect(await documents.createDocument({ id: a, groupId, title: 'Rapport' })).toMatchObject({ id: a, language: 'en' })
    await documents.createDocument({ id: b, groupId, title: 'Informe' })
    expect(await documents.setLanguage(a, 'fr')).toMatchObject({ id: a, language: 'fr', title: 'Rapport', mode: 'open' })
    expect(await documents.setLanguage(b, 'es')).toMatchObject({ language: 'es' })
    expect((await documents.listDocuments(groupId)).map((d) => [d.id, d.language])).toEqual([
      [a, 'fr'],
      [b, 'es'],
    ])
    // Other settings leave it as it is.
    expect(await documents.setMode(a, 'amendments')).toMatchObject({ language: 'fr' })
    expect(await documents.renameDocument(a, 'Rapport révisé')).toMatchObject({ language: 'fr' })
    expect(await documents.setLanguage(a, 'en')).toMatchObject({ language: 'en' })
    expect(await documents.deleteDocument(b)).toBe(true)
    expect(await documents.setLanguage(b, 'fr')).toBeUndefined()
    expect(await documents.setLanguage('no-such-document', 'fr')).toBeUndefined()
  })

  it('refuses a language other than en, fr and es in the database itself', async () => {
    const { documents } = suite.stores
    const { groupId } = await groupWithUser(suite.stores)
    const id = unique('d')
    await documents.createDocument({ id, groupId, title: 'Checked' })
    for (const language of ['de', 'FR', '']) await expect(adapter.exec(suite.stores, `UPDATE documents SET language = '${language}' WHERE id = '${id}'`)).rejects.toThrow(/check/i)
    await expect(adapter.exec(suite.stores, `UPDATE documents SET language = NULL WHERE id = '${id}'`)).rejects.toThrow(/null/i)
    expect(await documents.getDocument(id)).toMatchObject({ language: 'en' })
  })
})
