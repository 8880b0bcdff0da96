import { z } from 'zod'
import type { ProposalView } from '../amendments/types.js'

/** Someone named in version history: the author of a version, or of a change. */
export interface VersionPerson {
  id: string
  name: string
  delegation: string
}

/** 'named': saved by the chair or DG office; 'auto': kept by the server while people edit; 'restore': the state just before a restore. */
export type VersionKind = 'named' | 'auto' | 'restore'

export interface VersionSummary {
  id: string
  documentId: string
  kind: VersionKind
  name: string
  createdAt: string
  /** Who saved it; null for automatic versions. */
  createdBy: VersionPerson | null
  /** People whose edits went into this version since the one before it (when known). */
  editors: VersionPerson[]
}

export interface VersionContent extends VersionSummary {
  /** The document as it was (ProseMirror JSON, Plenary's schema). */
  content: unknown
  /** Plain text with computed paragraph labels. */
  text: string
}

/** One run of text in a compared paragraph. */
export interface ChangeSegment {
  text: string
  change: 'same' | 'inserted' | 'deleted'
  /** Who inserted or deleted it (null for unchanged text, or a change the server made without a person). */
  by: string | null
}

/** One paragraph or heading of a comparison, in document order. */
export interface CompareBlock {
  /** The numbered paragraph it belongs to ("6(b)"), in the newer version, or the older one if it was deleted. */
  ref: string | null
  /** The label printed in front of it ("(b)"), on the first block of a numbered item. */
  label: string | null
  type: 'paragraph' | 'heading'
  status: 'same' | 'changed' | 'inserted' | 'deleted'
  segments: ChangeSegment[]
}

export interface CompareResult {
  from: VersionSummary
  /** The newer side: a version, or null for the current document. */
  to: VersionSummary | null
  blocks: CompareBlock[]
  /** Everyone who made a change shown, with the characters they inserted and deleted. */
  authors: Array<VersionPerson & { inserted: number; deleted: number }>
  /** Changes nobody can be named for (made before attribution existed, or by the server). */
  unattributed: { inserted: number; deleted: number }
  /** Proposals accepted, rejected or withdrawn between the two sides, newest first. */
  decisions: ProposalView[]
}

export const SaveVersionSchema = z.object({
  name: z.string().trim().min(1, 'a version needs a name').max(200),
})
