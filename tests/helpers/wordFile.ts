import { Document, Packer, Paragraph, type ParagraphChild } from 'docx'

/** A Word file made by the docx library, one paragraph per list of runs (text, tracked insertions and deletions…). */
export function wordFileOf(...paragraphs: ParagraphChild[][]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((children) => new Paragraph({ children })) }] }))
}
