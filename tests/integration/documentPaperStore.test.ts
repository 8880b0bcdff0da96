import { describe, expect, it } from 'vitest'
import { STORE_ADAPTERS, groupWithUser, storeSuite, unique } from '../helpers/storeAdapters.js'

const PAPER = { symbol: 'C/105/CRP/3', distribution: 'English only', date: '2014-11-26', session: '105th Session' }
const EMPTY = { symbol: '', distribution: '', date: '', session: '' }

describe.each(STORE_ADAPTERS)('the paper’s header fields on $name', (adapter) => {
  const suite = storeSuite(adapter)

  it('are empty for a new document, kept once set, listed with it, left alone by other settings, and not set on a deleted document', async () => {
    const { documents } = suite.stores
    const { groupId } = await groupWithUser(suite.stores)
    const [a, b] = [unique('d'), unique('d')]
    expect(await documents.createDocument({ id: a, groupId, title: 'Conference room paper' })).toMatchObject({ id: a, paper: EMPTY })
    await documents.createDocument({ id: b, groupId, title: 'Other' })
    expect(await documents.setPaper(a, PAPER)).toMatchObject({ id: a, paper: PAPER, title: 'Conference room paper' })
    expect(await documents.getDocument(a)).toMatchObject({ paper: PAPER })
    expect((await documents.listDocuments(groupId)).map((d) => [d.id, d.paper])).toEqual([
      [a, PAPER],
      [b, EMPTY],
    ])
    expect(await documents.setLanguage(a, 'fr')).toMatchObject({ paper: PAPER })
    expect(await documents.renameDocument(a, 'Renamed')).toMatchObject({ paper: PAPER })
    expect(await documents.deleteDocument(b)).toBe(true)
    expect(await documents.setPaper(b, PAPER)).toBeUndefined()
    expect(await documents.setPaper('no-such-document', PAPER)).toBeUndefined()
  })

  it('reads a row whose stored fields are missing or unreadable as no fields', async () => {
    const { documents } = suite.stores
    const { groupId } = await groupWithUser(suite.stores)
    const id = unique('d')
    await documents.createDocument({ id, groupId, title: 'Old row' })
    await adapter.exec(suite.stores, `UPDATE documents SET paper = '{"symbol":"A/RES/70/1"}' WHERE id = '${id}'`)
    expect((await documents.getDocument(id))!.paper).toEqual({ ...EMPTY, symbol: 'A/RES/70/1' })
    await adapter.exec(suite.stores, `UPDATE documents SET paper = 'not json' WHERE id = '${id}'`)
    expect((await documents.getDocument(id))!.paper).toEqual(EMPTY)
  })
})
