import { DOCUMENT_FIELD, documentSchema, isAllowedLink } from '../../shared/schema/extensions.js'

/** What a Yjs update may contain in a Plenary document: the shared schema seen from the Yjs side. */
export interface UpdateRules {
  /** Root types content may hang from (Tiptap's XmlFragment). */
  roots: ReadonlySet<string>
  /** Node names an XmlElement may have, with the attributes each may carry. */
  nodes: ReadonlyMap<string, ReadonlySet<string>>
  /** Mark names a text format may have, with their attributes. */
  marks: ReadonlyMap<string, ReadonlySet<string>>
  /** Whether a link mark's href is one the editor would keep. */
  allowedLink(href: string): boolean
}

let rules: UpdateRules | undefined

/** The rules of a Plenary document, built once from the same extension list as the editor's schema. */
export function documentUpdateRules(): UpdateRules {
  if (rules) return rules
  const schema = documentSchema()
  const attrs = (type: { spec: { attrs?: object } }) => new Set(Object.keys(type.spec.attrs ?? {}))
  const nodes = new Map(Object.entries(schema.nodes).filter(([name]) => name !== 'doc' && name !== 'text').map(([name, type]) => [name, attrs(type)]))
  const marks = new Map(Object.entries(schema.marks).map(([name, type]) => [name, attrs(type)]))
  rules = { roots: new Set([DOCUMENT_FIELD]), nodes, marks, allowedLink: isAllowedLink }
  return rules
}
