import type { ReactNode } from 'react'
import { isAllowedLink } from '../../shared/schema/extensions'

interface Json {
  type: string
  text?: string
  content?: Json[]
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>
}

function marked(node: Json, key: number): ReactNode {
  let out: ReactNode = node.text
  for (const mark of node.marks ?? []) {
    if (mark.type === 'bold') out = <strong>{out}</strong>
    else if (mark.type === 'italic') out = <em>{out}</em>
    else if (mark.type === 'underline') out = <u>{out}</u>
    else if (mark.type === 'strike') out = <s>{out}</s>
    else if (mark.type === 'link') {
      const href = String(mark.attrs?.href ?? '')
      if (isAllowedLink(href)) out = <a href={href} rel="noopener noreferrer nofollow" target="_blank">{out}</a>
    }
  }
  return <span key={key}>{out}</span>
}

const children = (node: Json) => (node.content ?? []).map((c, i) => render(c, i))

function render(node: Json, key: number): ReactNode {
  switch (node.type) {
    case 'doc':
      return <div key={key}>{children(node)}</div>
    case 'paragraph':
      return <p key={key}>{children(node)}</p>
    case 'bulletList':
      return <ul key={key}>{children(node)}</ul>
    case 'orderedList':
      return <ol key={key}>{children(node)}</ol>
    case 'listItem':
      return <li key={key}>{children(node)}</li>
    case 'hardBreak':
      return <br key={key} />
    case 'text':
      return marked(node, key)
    default:
      return null
  }
}

/**
 * Renders a feedback body (ProseMirror JSON in the feedback schema) as React elements. Nothing is
 * ever inserted as HTML, so a body cannot run script whatever it contains.
 */
export function RichText({ doc }: { doc: Record<string, unknown> }) {
  return <div className="rich-text">{render(doc as unknown as Json, 0)}</div>
}
