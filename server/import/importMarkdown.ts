import MarkdownIt from 'markdown-it'
import type { JSONContent } from '@tiptap/core'
import { isAllowedLink } from '../../shared/schema/extensions.js'
import { buildDocument, type ImportBlock, type ImportResult } from './buildDocument.js'
import { IMPORT_LIMITS, tooComplex } from './importLimits.js'

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number]

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false })

/** What a parse carries for the token limit: the limit, and the tokens made before the paragraph being read. */
interface TokenBudget {
  maxTokens?: number
  tokensBefore?: number
}

/** Stops markdown-it as soon as it has made more than maxTokens tokens, instead of after making them all. */
function checkTokens(env: TokenBudget, made: number): false {
  if (env.maxTokens !== undefined && made > env.maxTokens) throw tooComplex(`the Markdown file has more than ${env.maxTokens} elements`)
  return false
}
// Rules placed first and never matching: block rules run once per block, inline rules at each step of a paragraph.
markdown.block.ruler.before('table', 'token_limit', (state) => checkTokens(state.env as TokenBudget, state.tokens.length))
markdown.inline.ruler.before('text', 'token_limit', (state) => checkTokens(state.env as TokenBudget, ((state.env as TokenBudget).tokensBefore ?? 0) + state.tokens.length))
// markdown-it's own inline step, keeping count of the tokens made so far.
markdown.core.ruler.at('inline', (state) => {
  const env = state.env as TokenBudget
  let made = state.tokens.length
  for (const token of state.tokens) {
    if (token.type !== 'inline') continue
    env.tokensBefore = made
    state.md.inline.parse(token.content, state.md, state.env, token.children!)
    made += token.children!.length
  }
})

/** A private-use character carrying the depth of an indented "(x)" line past the Markdown parser. */
const LEVEL_HINT = '\uE000'

/** Inline Markdown tokens as ProseMirror inline JSON (text with bold, italic, strike, underline, link marks). */
function inlineContent(tokens: Token[], warnings: string[]): JSONContent[] {
  const out: JSONContent[] = []
  const marks: Array<{ type: string; attrs?: Record<string, unknown> }> = []
  const open = (type: string, attrs?: Record<string, unknown>) => marks.push(attrs ? { type, attrs } : { type })
  const close = (type: string) => {
    const i = marks.map((m) => m.type).lastIndexOf(type)
    if (i !== -1) marks.splice(i, 1)
  }
  /** Whether each open link was kept (unsafe ones stay as plain text). */
  const linkKept: boolean[] = []
  const text = (value: string) => value && out.push(marks.length ? { type: 'text', text: value, marks: marks.map((m) => ({ ...m })) } : { type: 'text', text: value })
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'code_inline':
        text(t.content)
        break
      case 'softbreak':
        text(' ')
        break
      case 'hardbreak':
        out.push({ type: 'hardBreak' })
        break
      case 'strong_open':
        open('bold')
        break
      case 'strong_close':
        close('bold')
        break
      case 'em_open':
        open('italic')
        break
      case 'em_close':
        close('italic')
        break
      case 's_open':
        open('strike')
        break
      case 's_close':
        close('strike')
        break
      case 'link_open': {
        const href = String(t.attrGet('href') ?? '')
        const kept = isAllowedLink(href)
        if (kept) open('link', { href })
        else warnings.push(`a link to "${href.slice(0, 60)}" was kept as text only`)
        linkKept.push(kept)
        break
      }
      case 'link_close':
        if (linkKept.pop()) close('link')
        break
      case 'html_inline':
        if (/^<u>$/i.test(t.content)) open('underline')
        else if (/^<\/u>$/i.test(t.content)) close('underline')
        break
      case 'image':
        warnings.push('images are not imported')
        break
    }
  }
  return out
}

const MARKER_LINE = new RegExp(`^(${LEVEL_HINT}\\d)?(\\([a-zA-Z]+\\)|\\d+\\.)\\s`)

/** Splits a paragraph's inline tokens where a soft line break is followed by a paragraph marker. */
function splitAtMarkers(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]]
  tokens.forEach((t, i) => {
    const next = tokens[i + 1]
    if (t.type === 'softbreak' && next?.type === 'text' && MARKER_LINE.test(next.content)) parts.push([])
    else parts[parts.length - 1].push(t)
  })
  return parts
}

/**
 * Reads Markdown: headings, paragraphs, emphasis, links, ordered lists (nesting gives the
 * level), and Plenary's own export, where paragraphs carry their labels as text ("6\. …",
 * "    (b) …"): the labels become numbering again. More than maxTokens markdown-it tokens: 422.
 */
export function importMarkdown(source: string, maxTokens = IMPORT_LIMITS.maxMarkdownTokens): ImportResult {
  const warnings: string[] = []
  // An indented "(b) …" line is a sub-point in Plenary's export, not a code block: keep its depth as a hint.
  const prepared = source.replace(/\r\n?/g, '\n').replace(/^((?: {4})+)(\([a-zA-Z]+\) )/gm, (_m, indent: string, marker: string) => `${LEVEL_HINT}${indent.length / 4 + 1}${marker}`)
  const tokens = markdown.parse(prepared, { maxTokens } satisfies TokenBudget)
  const blocks: ImportBlock[] = []
  const lists: Array<'ordered' | 'bullet'> = []
  let paragraphsInItem = 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.type === 'ordered_list_open') lists.push('ordered')
    else if (t.type === 'bullet_list_open') lists.push('bullet')
    else if (t.type === 'ordered_list_close' || t.type === 'bullet_list_close') lists.pop()
    else if (t.type === 'list_item_open') paragraphsInItem = 0
    else if (t.type === 'heading_open') {
      blocks.push({ kind: 'heading', headingLevel: Math.min(Number(t.tag.slice(1)), 3), level: 0, inline: inlineContent(tokens[i + 1].children ?? [], warnings) })
    } else if (t.type === 'paragraph_open') {
      // A line starting with a marker ("(b) …", "7. …") right under another line starts its own paragraph.
      for (const [n, part] of splitAtMarkers(tokens[i + 1].children ?? []).entries()) {
        let inline = inlineContent(part, warnings)
        let levelHint: number | undefined
        const first = inline[0]
        if (first?.type === 'text' && first.text!.startsWith(LEVEL_HINT)) {
          levelHint = Number(first.text![1])
          inline = [{ ...first, text: first.text!.slice(2) }, ...inline.slice(1)]
        }
        const inList = lists.length > 0
        const ordered = lists.filter((l) => l === 'ordered').length
        const marked = n > 0 || levelHint !== undefined
        if (inList && paragraphsInItem++ > 0 && !marked) blocks.push({ kind: 'paragraph', level: 0, continuation: true, inline })
        else if (inList && !marked && lists[lists.length - 1] === 'bullet') blocks.push({ kind: 'bullet', level: 0, inline })
        else blocks.push({ kind: 'paragraph', level: inList && !marked ? ordered : 0, levelHint, inline })
      }
    } else if (t.type === 'code_block' || t.type === 'fence') {
      for (const line of t.content.split('\n').filter(Boolean)) blocks.push({ kind: 'paragraph', level: 0, inline: [{ type: 'text', text: line }] })
    } else if (t.type === 'html_block') warnings.push('an HTML block was left out')
  }
  return buildDocument(blocks, warnings)
}
