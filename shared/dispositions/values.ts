/**
 * The dispositions' values and limits on their own, without the zod schemas of ./types.ts: the
 * browser needs only these, and importing ./types.ts would put zod (about 25 KiB gzip, and its
 * schemas built at start-up) in the document page's JavaScript.
 */

/** How the secretariat (or the chair) answers a comment or a proposal of a round. */
export const DISPOSITION_VALUES = ['accepted', 'partly-accepted', 'not-accepted', 'noted'] as const
export type DispositionValue = (typeof DISPOSITION_VALUES)[number]

/** Longest explanation of a disposition, in characters. */
export const MAX_EXPLANATION_LENGTH = 4000
