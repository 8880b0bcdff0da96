import type { Node as PMNode, Mark } from '@tiptap/pm/model'
import { computeNumbering } from '../../shared/schema/numbering.js'

/** Escapes characters Markdown would read as formatting. */
function escape(text: string): string {
  return text.replace(/([\\`*_[\]#<>|])/g, '\\$1')
}

function inline(node: PMNode): string {
  let out = ''
  node.forEach((child) => {
    if (child.type.name === 'hardBreak') {
      out += '  \n'
      return
    }
    let text = escape(child.text ?? '')
    const marks = [...child.marks].sort((a: Mark, b: Mark) => a.type.name.localeCompare(b.type.name))
    for (const mark of marks) {
      if (mark.type.name === 'bold') text = `**${text}**`
      else if (mark.type.name === 'italic') text = `*${text}*`
      else if (mark.type.name === 'strike') text = `~~${text}~~`
      else if (mark.type.name === 'underline') text = `<u>${text}</u>`
      else if (mark.type.name === 'link') text = `[${text}](${String(mark.attrs.href).replace(/\)/g, '%29')})`
    }
    out += text
  })
  return out
}

/**
 * A document as Markdown, numbered as it reads: paragraph labels ("6.", "(b)", "(ii)") are written
 * from the computed numbering, so the export matches the screen.
 */
export function toMarkdown(doc: PMNode): string {
  const labels = new Map(computeNumbering(doc).map((i) => [i.pos, i]))
  const blocks: string[] = []
  const walk = (node: PMNode, pos: number, indent: string, pendingLabel: string | null, quote: string) => {
    if (node.isTextblock) {
      const text = inline(node)
      let line: string
      if (node.type.name === 'heading') line = `${'#'.repeat(node.attrs.level as number)} ${text}`
      else if (pendingLabel) line = `${indent}${pendingLabel.replace(/^(\d+)\.$/, '$1\\.')} ${text}`
      else line = `${indent}${text}`
      blocks.push(quote + line)
      return
    }
    let first = true
    node.forEach((child, offset) => {
      const childPos = pos + 1 + offset
      const item = labels.get(childPos)
      if (item) {
        walk(child, childPos, '    '.repeat(item.level - 1), item.label, quote)
      } else if (child.type.name === 'listItem') {
        walk(child, childPos, indent, first && pendingLabel ? pendingLabel : '-', quote)
      } else {
        walk(child, childPos, indent, first ? pendingLabel : null, child.type.name === 'blockquote' ? `${quote}> ` : quote)
      }
      first = false
    })
  }
  walk(doc, -1, '', null, '')
  return `${blocks.join('\n\n')}\n`
}
