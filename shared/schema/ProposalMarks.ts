import { Mark, mergeAttributes, type Attributes } from '@tiptap/core'

/**
 * Amendments live in the document as marks on text, as tracked changes do in Word:
 * - proposalInsert: text a delegation proposes to add (shown underlined, <ins>);
 * - proposalDelete: agreed text a delegation proposes to remove (struck through, <del>), never
 *   removed until the chair accepts;
 * - proposalFormat: agreed text whose bold/italic/underline/strike a delegation proposes to change;
 *   the text already shows the new formatting and the mark records what changed, so rejecting
 *   can put it back.
 * Every mark carries the proposal's id, author, delegation and time. One proposal (id) may span
 * several marks: typing over a selection is one proposal that deletes and inserts.
 *
 * How Yjs stores them (y-tiptap's marksToAttributes): a mark that excludes itself is a format
 * attribute keyed by its name ("proposalInsert"), so a run of text holds one of it; a mark that
 * does not ("excludes: ''") is keyed "name--<hash of the mark's JSON>", one key per distinct
 * mark. proposalDelete is the second kind, so two delegations can propose to delete overlapping
 * text, even concurrently, and both proposals survive the merge. Inserted text belongs to one
 * proposal, and formatting proposals by a second author are not made over the first's (the
 * suggest transform skips that text), so those two exclude themselves and keep plain keys.
 *
 * None is inclusive: a character typed at the edge of someone's proposal does not join it.
 */

export const PROPOSAL_INSERT = 'proposalInsert'
export const PROPOSAL_DELETE = 'proposalDelete'
export const PROPOSAL_FORMAT = 'proposalFormat'

/** The marks a formatting proposal may add or remove: attribute-less, one per run of text. */
export const PROPOSABLE_FORMATS: ReadonlySet<string> = new Set(['bold', 'italic', 'underline', 'strike'])

/**
 * A stable hue (0–359) for a delegation's name, so each delegation's proposals have their own colour
 * on every screen. FNV-1a over the UTF-16 code units.
 */
export function delegationHue(name: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % 360
}

const dataAttribute = (attr: string, html: string, parse: (value: string | null) => unknown = (v) => v) => ({
  [attr]: {
    default: null,
    parseHTML: (element: HTMLElement) => parse(element.getAttribute(html)),
    renderHTML: (attrs: Record<string, unknown>) => (attrs[attr] === null ? {} : { [html]: String(attrs[attr]) }),
  },
})

const proposalAttributes: Attributes = {
  ...dataAttribute('id', 'data-proposal'),
  ...dataAttribute('authorId', 'data-author'),
  ...dataAttribute('delegation', 'data-delegation'),
  ...dataAttribute('createdAt', 'data-created-at', (v) => (v === null || !Number.isFinite(Number(v)) ? null : Number(v))),
}

/** A list of format names, written space-separated; unknown names are dropped when read. */
const listAttribute = (attr: string, html: string) => ({
  [attr]: {
    default: [],
    parseHTML: (element: HTMLElement) => (element.getAttribute(html) ?? '').split(' ').filter((name) => PROPOSABLE_FORMATS.has(name)),
    renderHTML: (attrs: Record<string, unknown>) => ({ [html]: ((attrs[attr] as string[] | null) ?? []).join(' ') }),
  },
})

function proposalMark(name: string, kind: string, tag: string, extra: Attributes = {}, excludes?: string) {
  return Mark.create({
    name,
    inclusive: false,
    ...(excludes === undefined ? {} : { excludes }),
    addAttributes: () => ({ ...proposalAttributes, ...extra }),
    // Above Strike's rules, which also read <del>.
    parseHTML: () => [{ tag: `${tag}[data-proposal]`, priority: 60 }],
    renderHTML: ({ mark, HTMLAttributes }) => {
      const hue = delegationHue(String(mark.attrs.delegation ?? mark.attrs.authorId ?? ''))
      return [tag, mergeAttributes(HTMLAttributes, { class: `proposal proposal--${kind}`, style: `--proposal-hue: ${hue}` }), 0]
    },
  })
}

export const ProposalInsert = proposalMark(PROPOSAL_INSERT, 'insert', 'ins')
export const ProposalDelete = proposalMark(PROPOSAL_DELETE, 'delete', 'del', {}, '')
export const ProposalFormat = proposalMark(PROPOSAL_FORMAT, 'format', 'span', {
  ...listAttribute('added', 'data-added'),
  ...listAttribute('removed', 'data-removed'),
})

/** The three proposal marks, in the order the schema lists them. */
export const proposalMarks = [ProposalInsert, ProposalDelete, ProposalFormat]
