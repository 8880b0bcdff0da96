import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { serverSuite } from '../helpers/serverSuite.js'
import { threeParagraphDraft, wordRows } from '../helpers/matrixDrafts.js'
import { castClients } from '../helpers/castClients.js'
import { waitFor } from '../helpers/waitFor.js'
import { openEvents } from '../helpers/sse.js'
import { anchorOn } from '../helpers/anchors.js'
import type { Cast } from '../helpers/people.js'
import { after, propose } from '../helpers/proposing.js'
import type { ProposalList } from '../../shared/amendments/types.js'
import type { Language } from '../../shared/i18n/languages.js'

type Who = keyof Cast


/** Today as the matrix's header writes it in each language, read from Intl here rather than from the code under test. */
const today = (locale: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date())

describe('the document’s language: the chair sets it, and the exports write their fixed words in it', () => {
  const suite = serverSuite()
  const { call, join } = castClients(suite)
  const draft = () => threeParagraphDraft(suite.server)
  const setLanguage = (who: Who, docId: string, body: unknown) => call(who, 'PUT', `/api/documents/${docId}/language`, body)
  const download = async (who: Who, docId: string, file: string) => fetch(`${suite.server.url}/api/documents/${docId}/${file}`, { headers: { authorization: `Bearer ${suite.server.people[who].token}` } })

  it('is English until the chair sets it; only the chair may, only to en, fr or es, and open pages hear of it', async () => {
    const docId = await draft()
    expect((await call('swiss', 'GET', `/api/documents/${docId}`)).json.language).toBe('en')
    expect((await call('chair', 'GET', `/api/documents/${docId}`)).json.access.capabilities['document.setLanguage']).toBe(true)
    expect((await call('swiss', 'GET', `/api/documents/${docId}`)).json.access.capabilities['document.setLanguage']).toBe(false)
    for (const who of ['swiss', 'dg', 'observer', 'outsider', 'admin'] as const) {
      const res = await setLanguage(who, docId, { language: 'fr' })
      expect(res.status, who).toBe(403)
    }
    for (const body of [{ language: 'de' }, { language: 'FR' }, { language: '' }, {}, { language: 'fr', extra: 1 }, 'fr']) {
      const res = await setLanguage('chair', docId, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error).toBe('invalid_request')
    }
    expect((await setLanguage('chair', 'no-such-document', { language: 'fr' })).status).toBe(404)
    expect((await call('swiss', 'GET', `/api/documents/${docId}`)).json.language).toBe('en')

    const swiss = await openEvents(suite.server.url, suite.server.people.swiss.token)
    try {
      await waitFor(() => expect(swiss.raw()).toContain(':'))
      const res = await setLanguage('chair', docId, { language: 'es' })
      expect(res.status).toBe(200)
      expect(res.json).toMatchObject({ id: docId, language: 'es', access: { capabilities: { 'document.setLanguage': true } } })
      await waitFor(() => expect(swiss.events.find((e) => e.event === 'document-language')?.data).toEqual({ documentId: docId, language: 'es' }))
    } finally {
      swiss.close()
    }
    expect((await call('observer', 'GET', '/api/documents')).json.find((d: { id: string }) => d.id === docId).language).toBe('es')
  })

  /** A draft with a comment and its reply (answered), a proposal with a supporter (answered), and a proposal the chair rejected (no disposition). */
  async function answeredDraft(language: Language): Promise<string> {
    const docId = await draft()
    const swiss = await join('swiss', docId)
    const onOne = (await call('brazil', 'POST', `/api/documents/${docId}/threads`, { anchor: anchorOn(swiss.doc, 'met six times'), body: 'Seven times.' })).json.id as string
    expect((await call('swiss', 'POST', `/api/threads/${onOne}/messages`, { body: 'Agreed.' })).status).toBe(201)
    propose(swiss.doc, { authorId: suite.server.people.swiss.user.id, delegation: 'Switzerland' }, (s) => s.tr.insertText(' warmly', after(s.doc, 'Members')))
    propose(swiss.doc, { authorId: suite.server.people.swiss.user.id, delegation: 'Switzerland' }, (s) => s.tr.insertText(' formally', after(s.doc, 'Council takes')))
    const [warmly, formally] = await waitFor(async () => {
      const proposals = ((await call('dg', 'GET', `/api/documents/${docId}/proposals`)).json as ProposalList).proposals
      expect(proposals).toHaveLength(2)
      return [proposals.find((x) => x.inserted === ' warmly')!.id, proposals.find((x) => x.inserted === ' formally')!.id]
    })
    expect((await call('brazil', 'POST', `/api/documents/${docId}/proposals/${warmly}/support`)).status).toBe(200)
    expect((await call('chair', 'POST', `/api/documents/${docId}/proposals/decide`, { ids: [formally], decision: 'reject' })).status).toBe(200)
    expect((await call('dg', 'PUT', `/api/documents/${docId}/dispositions/${onOne}`, { value: 'partly-accepted', explanation: 'Corrected.', answer: { type: 'paragraph', documentId: docId, paraRef: '1' } })).status).toBe(200)
    expect((await call('dg', 'PUT', `/api/documents/${docId}/dispositions/${warmly}`, { value: 'noted' })).status).toBe(200)
    expect((await setLanguage('chair', docId, { language })).status).toBe(200)
    return docId
  }

  const MATRICES: Array<{ language: Language; locale: string; csv: string[]; word: string[][]; header: (title: string) => string; heading: (title: string) => string; fileWord: string }> = [
    {
      language: 'fr',
      locale: 'fr-FR',
      csv: [
        'paragraphe,délégation(s),commentaire ou texte proposé,suite donnée,explication,paragraphe de réponse',
        '1,Brazil,"Seven times.\nLukas Swiss (Switzerland)\u202f: Agreed.",Accepté en partie,Corrected.,1',
        '2,Switzerland (avec l’appui de Brazil),Insertion\u202f:  warmly,Pris note,,',
        '3,Switzerland,Insertion\u202f:  formally,Rejetée par Elena Chair,,',
      ],
      word: [['Paragraphe', 'Délégation(s)', 'Commentaire ou texte proposé', 'Suite donnée', 'Explication', 'Paragraphe de réponse']],
      header: (title) => `Tableau des commentaires\u202f: ${title} · Première lecture · ${today('fr-FR')}`,
      heading: (title) => `Commentaires sur «\u202f${title}\u202f»`,
      fileWord: 'commentaires',
    },
    {
      language: 'es',
      locale: 'es-ES',
      csv: [
        'párrafo,delegación(es),comentario o texto propuesto,curso dado,explicación,párrafo de respuesta',
        '1,Brazil,"Seven times.\nLukas Swiss (Switzerland): Agreed.",Aceptado en parte,Corrected.,1',
        '2,Switzerland (con el apoyo de Brazil),Inserción:  warmly,Se toma nota,,',
        '3,Switzerland,Inserción:  formally,Rechazada por Elena Chair,,',
      ],
      word: [['Párrafo', 'Delegación(es)', 'Comentario o texto propuesto', 'Curso dado', 'Explicación', 'Párrafo de respuesta']],
      header: (title) => `Cuadro de comentarios: ${title} · Primera lectura · ${today('es-ES')}`,
      heading: (title) => `Comentarios sobre «${title}»`,
      fileWord: 'comentarios',
    },
  ]

  for (const m of MATRICES) {
    it(`writes the comments matrix in ${m.locale}: column headings, dispositions, decisions, the header line with its date, and the file name`, async () => {
      const docId = await answeredDraft(m.language)
      const round = m.language === 'fr' ? 'Première lecture' : 'Primera lectura'
      const csvRes = await download('observer', docId, `comments.csv?round=${encodeURIComponent(round)}`)
      expect(decodeURIComponent(csvRes.headers.get('content-disposition')!)).toContain(` - ${round} - ${m.fileWord}.csv`)
      expect((await csvRes.text()).split('\r\n').slice(0, -1)).toEqual(m.csv)

      const res = await download('swiss', docId, `comments.docx?round=${encodeURIComponent(round)}`)
      expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(` - ${round} - ${m.fileWord}.docx`)
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
      const document = strFromU8(files['word/document.xml'])
      const rows = wordRows(document)
      expect(rows[0]).toEqual(m.word[0])
      // The same cells as the CSV (Word leaves an empty cell with a space).
      expect(rows.slice(1).map((r) => r[3])).toEqual(m.csv.slice(1).map((line) => line.split(',').at(-3)))
      expect(document).toContain(m.heading(`Draft ${docId}`))
      const header = Object.entries(files).find(([name]) => /^word\/header\d+\.xml$/.test(name))!
      expect(strFromU8(header[1]).replace(/<[^>]+>/g, '')).toBe(m.header(`Draft ${docId}`))
      expect(strFromU8(files['docProps/core.xml'])).toContain(m.header(`Draft ${docId}`).split(' · ')[0])
    })
  }

  it('writes the matrix in English again once the chair sets English back, as before languages existed', async () => {
    const docId = await answeredDraft('fr')
    expect((await setLanguage('chair', docId, { language: 'en' })).status).toBe(200)
    const csv = await (await download('observer', docId, 'comments.csv')).text()
    expect(csv.split('\r\n').slice(0, -1)).toEqual([
      'paragraph,delegation(s),comment or proposed text,disposition,explanation,answering paragraph',
      '1,Brazil,"Seven times.\nLukas Swiss (Switzerland): Agreed.",Partly accepted,Corrected.,1',
      '2,Switzerland (supported by Brazil),Insert:  warmly,Noted,,',
      '3,Switzerland,Insert:  formally,Rejected by Elena Chair,,',
    ])
    const files = unzipSync(new Uint8Array(await (await download('swiss', docId, 'comments.docx')).arrayBuffer()))
    const header = Object.entries(files).find(([name]) => /^word\/header\d+\.xml$/.test(name))!
    expect(strFromU8(header[1]).replace(/<[^>]+>/g, '')).toBe(`Comments matrix: Draft ${docId} · ${today('en-GB')}`)
  })

  it('names an answering paragraph of another draft in the document’s language', async () => {
    const docId = await draft()
    const next = await draft()
    const thread = (await call('swiss', 'POST', `/api/documents/${docId}/threads`, { anchor: anchorOn((await join('swiss', docId)).doc, 'Members welcomed'), body: 'Add "warmly".' })).json.id as string
    expect((await call('dg', 'PUT', `/api/documents/${docId}/dispositions/${thread}`, { value: 'accepted', answer: { type: 'paragraph', documentId: next, paraRef: '2' } })).status).toBe(200)
    const lastCell = async () => (await (await download('brazil', docId, 'comments.csv')).text()).split('\r\n')[1].split(',').slice(-2).join(',')
    expect(await lastCell()).toBe(`"Draft ${next}, para 2"`)
    expect((await setLanguage('chair', docId, { language: 'fr' })).status).toBe(200)
    expect(await lastCell()).toBe(`"Draft ${next}, par. 2"`)
    expect((await setLanguage('chair', docId, { language: 'es' })).status).toBe(200)
    expect(await lastCell()).toBe(`"Draft ${next}, párr. 2"`)
  })

  it('attributes a tracked change with no delegation in a saved version’s Word file in the document’s language', async () => {
    const docId = await draft()
    const chair = await join('chair', docId)
    propose(chair.doc, { authorId: suite.server.people.chair.user.id, delegation: null }, (s) => s.tr.insertText(' again', after(s.doc, 'met six times')))
    await waitFor(async () => expect(((await call('chair', 'GET', `/api/documents/${docId}/proposals`)).json as ProposalList).proposals).toHaveLength(1))
    const version = (await call('chair', 'POST', `/api/documents/${docId}/versions`, { name: 'Avant-projet' })).json.id as string
    expect((await setLanguage('chair', docId, { language: 'fr' })).status).toBe(200)
    const files = unzipSync(new Uint8Array(await (await download('swiss', docId, `versions/${version}/export.docx`)).arrayBuffer()))
    expect(strFromU8(files['word/document.xml'])).toMatch(/<w:ins [^>]*w:author="Délégation inconnue"/)
  })

  it('freezes a comment period’s compilation in the document’s language when the period closes', async () => {
    const docId = await answeredDraft('es')
    expect((await call('chair', 'PUT', `/api/documents/${docId}/comment-period`, { closesAt: new Date(Date.now() + 1_500).toISOString(), round: 'Primera lectura' })).status).toBe(200)
    const period = await waitFor(
      async () => {
        const current = (await call('chair', 'GET', `/api/documents/${docId}/comment-period`)).json as { id: string; compilations: unknown[] }
        expect(current.compilations).toHaveLength(1)
        return current
      },
      { timeout: 10_000 },
    )
    const csvRes = await download('observer', docId, `comment-periods/${period.id}/comments.csv`)
    // Its file name in Spanish too: "<title> - Primera lectura - cierre el <day> - comentarios.csv".
    expect(decodeURIComponent(csvRes.headers.get('content-disposition')!)).toMatch(/ - Primera lectura - cierre el \d{4}-\d{2}-\d{2} - comentarios\.csv$/)
    const csv = await csvRes.text()
    expect(csv.split('\r\n')[0]).toBe('párrafo,delegación(es),comentario o texto propuesto,curso dado,explicación,párrafo de respuesta')
    expect(csv).toContain('Se toma nota')
    const files = unzipSync(new Uint8Array(await (await download('observer', docId, `comment-periods/${period.id}/comments.docx`)).arrayBuffer()))
    const header = Object.entries(files).find(([name]) => /^word\/header\d+\.xml$/.test(name))!
    expect(strFromU8(header[1]).replace(/<[^>]+>/g, '')).toBe(`Cuadro de comentarios: Draft ${docId} · Primera lectura · ${today('es-ES')}`)
  })

  it('writes the words standing in for withheld messages in its language, in Word comments and in the chair’s moderation copy', async () => {
    const docId = await draft()
    const chair = await join('chair', docId)
    const thread = (await call('brazil', 'POST', `/api/documents/${docId}/threads`, { anchor: anchorOn(chair.doc, 'The Council'), body: 'Stronger.' })).json.id as string
    const replied = (await call('swiss', 'POST', `/api/threads/${thread}/messages`, { body: 'Off topic.' })).json as { messages: Array<{ id: string }> }
    const reply = replied.messages.at(-1)!.id
    expect((await call('chair', 'POST', `/api/messages/${reply}/hide`, { reason: 'hors sujet' })).status).toBe(200)
    expect((await setLanguage('chair', docId, { language: 'fr' })).status).toBe(200)
    const files = unzipSync(new Uint8Array(await (await download('brazil', docId, 'export.docx?comments=1')).arrayBuffer()))
    expect(strFromU8(files['word/comments.xml'])).toContain('[masqué par la Présidence]')
    const copy = await (await download('chair', docId, 'comments.csv?moderation=1')).text()
    expect(copy).toContain('Lukas Swiss (Switzerland)\u202f: [masqué par la Présidence\u202f: hors sujet] Off topic.')
  })
})
