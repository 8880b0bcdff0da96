import { describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { fillPropertyFields, readWordTemplate } from '../../server/export/wordTemplate.js'

const STYLES = '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:styles>'
const template = (parts: Record<string, string>) => zipSync(Object.fromEntries(Object.entries({ 'word/styles.xml': STYLES, 'word/document.xml': '<w:document><w:body><w:sectPr/></w:body></w:document>', ...parts }).map(([k, v]) => [k, strToU8(v)])), { level: 9 })

/** Seconds a call takes: these inputs took from seconds to minutes when regular expressions with open gaps read them. */
function seconds(f: () => unknown): number {
  const start = performance.now()
  f()
  return (performance.now() - start) / 1000
}

describe('an uploaded template crafted to hold the server is read in one pass', () => {
  it('reads sections, references, styles and fields of hostile shape in linear time (each was quadratic: 1 MB took seconds to minutes)', () => {
    const n = 40_000
    const hostile = [
      template({ 'word/document.xml': `<w:document><w:body><w:sectPr>${'<w:pgSz '.repeat(n)}</w:body></w:document>` }),
      template({ 'word/document.xml': `<w:document><w:body><w:sectPr><w:headerReference ${'w:type="a" '.repeat(n)}</w:sectPr></w:body></w:document>` }),
      template({ 'word/styles.xml': `<w:styles>${'<w:docDefaults>'.repeat(n)}</w:styles>` }),
      template({ 'word/_rels/document.xml.rels': `<Relationships>${'<Relationship '.repeat(n)}</Relationships>` }),
    ]
    for (const file of hostile) expect(seconds(() => readWordTemplate(file))).toBeLessThan(2)
    for (const part of ['<w:fldSimple w:instr="x">'.repeat(n), '<w:instrText>x</w:instrText>'.repeat(n), '<w:fldChar w:fldCharType="begin"/>'.repeat(n), `<w:fldSimple w:instr="DOCPROPERTY ${' '.repeat(n)}">`]) {
      expect(seconds(() => fillPropertyFields(part, { Symbol: 'C/105/CRP/20' }))).toBeLessThan(2)
    }
  })

  it('still fills DOCPROPERTY fields, simple and complex, whatever the case of the instruction', () => {
    const simple = '<w:fldSimple w:instr=" docproperty Symbol \\* MERGEFORMAT "><w:r><w:t>XX</w:t></w:r></w:fldSimple>'
    const complex = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DOCPROPERTY </w:instrText></w:r><w:r><w:instrText>Session</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>old</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    const filled = fillPropertyFields(simple + complex, { Symbol: 'C/105/CRP/20', Session: '105th <Session>' })
    expect(filled).toContain('<w:t xml:space="preserve">C/105/CRP/20</w:t>')
    expect(filled).toContain('<w:t xml:space="preserve">105th &lt;Session&gt;</w:t>')
    expect(filled).not.toContain('XX')
    expect(filled).not.toContain('>old<')
  })

  it('does not take a header that fetches or links outside the file, however its field or relationship is written', () => {
    const header = (body: string) => `<w:hdr xmlns:w="x"><w:p>${body}</w:p></w:hdr>`
    const section = '<w:document><w:body><w:sectPr><w:headerReference w:type="default" r:id="rId9"/></w:sectPr></w:body></w:document>'
    const rels = '<Relationships><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>'
    const withHeader = (xml: string, headerRels?: string) =>
      readWordTemplate(template({ 'word/document.xml': section, 'word/_rels/document.xml.rels': rels, 'word/header1.xml': xml, ...(headerRels ? { 'word/_rels/header1.xml.rels': headerRels } : {}) })).headers.default
    expect(withHeader(header('<w:r><w:t>Plain header</w:t></w:r>'))).toBeDefined()
    expect(withHeader(header('<w:fldSimple w:instr=" includepicture &quot;http://x/y.png&quot; "/>'))).toBeUndefined()
    expect(withHeader(header('<w:r><w:instrText> INCLUDE</w:instrText></w:r><w:r><w:instrText>PICTURE "http://x"</w:instrText></w:r>'))).toBeUndefined()
    expect(withHeader(header('<w:fldSimple w:instr=" INCLUDEPI&#67;TURE http://x "/>'))).toBeUndefined()
    expect(withHeader(header('<v:imagedata src="http://x/y.png"/>'))).toBeUndefined()
    const image = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image'
    expect(withHeader(header('<w:r><w:t>x</w:t></w:r>'), `<Relationships><Relationship Id="rIdX" Type="${image}" x-Target="media/a.png" Target='http://attacker/x.png' TargetMode='External'/></Relationships>`)).toBeUndefined()
  })
})
