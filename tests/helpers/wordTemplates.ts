import { AlignmentType, Document, Footer, Header, Packer, Paragraph, SimpleField, TextRun } from 'docx'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'
import type { TestServer } from './testServer.js'

const DOTX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.template'

/** A template as a secretariat would make one in Word: Arial 11, its own blue headings, US Letter, its own header with a DOCPROPERTY Symbol field and a footer. */
export async function secretariatTemplate(): Promise<Buffer> {
  const doc = new Document({
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 22 } },
        heading1: { run: { font: 'Arial', size: 28, bold: true, color: '1F4E79' } },
      },
    },
    sections: [
      {
        properties: { page: { size: { width: 12240, height: 15840 }, margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } },
        headers: { default: new Header({ children: [new Paragraph({ children: [new TextRun('WORKING GROUP TEMPLATE HEADER '), new SimpleField('DOCPROPERTY Symbol \\* MERGEFORMAT', 'XX/000')] })] }) },
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun('Template footer')] })] }) },
        children: [new Paragraph('Template body text, never exported.')],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

/** PUT the group's Word template as whoever holds `token`. */
export const uploadTemplate = (server: TestServer, token: string, body: Uint8Array, type = DOTX, name = 'IOM CRP.dotx') =>
  fetch(`${server.url}/api/groups/${EXAMPLE_GROUP_ID}/template?name=${encodeURIComponent(name)}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: new Blob([body as BlobPart]) })
