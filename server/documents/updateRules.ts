import type { ContentMatch, NodeType } from '@tiptap/pm/model'
import { DOCUMENT_FIELD, documentSchema, isAllowedLink } from '../../shared/schema/extensions.js'
import { proposalKind } from '../../shared/amendments/proposal.js'

/** What a node may hold: its attributes, and the node names its content expression allows as children ('text': text). */
export interface NodeRule {
  attributes: ReadonlySet<string>
  children: ReadonlySet<string>
}

/** What a Yjs update may contain in a Plenary document: the shared schema seen from the Yjs side. */
export interface UpdateRules {
  /** Root types content may hang from (Tiptap's XmlFragment), and what the document node holds. */
  roots: ReadonlySet<string>
  rootNode: string
  /** Every node an XmlElement may be, with its attributes and children; the document node too. */
  nodes: ReadonlyMap<string, NodeRule>
  /** Mark names a text format may have, with their attributes. */
  marks: ReadonlyMap<string, ReadonlySet<string>>
  /** Marks that do not exclude themselves (proposalDelete): stored under "name--<hash>" keys, several on one text. */
  overlapping: ReadonlySet<string>
  /** Whether a link mark's href is one the editor would keep. */
  allowedLink(href: string): boolean
  /** Marks a proposal carries (proposalInsert, proposalDelete, proposalFormat). */
  proposals: ReadonlySet<string>
  /** Who sends the update: a proposal mark it writes must be theirs (no proposal in another person's name). */
  author?: string
  /** The sender's delegation: a proposal mark names it or none (no proposal in another delegation's name). */
  delegation?: string
}

let rules: UpdateRules | undefined

/** The rules of a Plenary document, built once from the same extension list as the editor's schema. */
export function documentUpdateRules(): UpdateRules {
  if (rules) return rules
  const schema = documentSchema()
  const attrs = (type: { spec: { attrs?: object } }) => new Set(Object.keys(type.spec.attrs ?? {}))
  const nodes = new Map(Object.values(schema.nodes).filter((type) => type.name !== 'text').map((type) => [type.name, { attributes: attrs(type), children: childTypes(type) }]))
  const marks = new Map(Object.entries(schema.marks).map(([name, type]) => [name, attrs(type)]))
  const overlapping = new Set(Object.values(schema.marks).filter((type) => !type.excludes(type)).map((type) => type.name))
  const proposals = new Set(Object.keys(schema.marks).filter((name) => proposalKind(name) !== null))
  rules = { roots: new Set([DOCUMENT_FIELD]), rootNode: schema.topNodeType.name, nodes, marks, overlapping, proposals, allowedLink: isAllowedLink }
  return rules
}

/** Every node type a node's content expression allows anywhere among its children (a walk of its content automaton). */
function childTypes(type: NodeType): Set<string> {
  const names = new Set<string>()
  const seen = new Set<ContentMatch>()
  const stack = [type.contentMatch]
  while (stack.length) {
    const match = stack.pop()!
    if (seen.has(match)) continue
    seen.add(match)
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i)
      names.add(edge.type.name)
      stack.push(edge.next)
    }
  }
  return names
}
