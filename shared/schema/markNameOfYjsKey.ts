/**
 * y-tiptap stores a mark that does not exclude itself (such as proposalDelete) as a text format
 * keyed "name--<8 characters of a hash of the mark's JSON>", so several marks of one type can cover
 * the same text; other marks are keyed by their bare name. The same pattern as y-tiptap's own
 * (internal, unexported) yattr2markname.
 */
const HASHED_KEY = /(.*)(--[a-zA-Z0-9+/=]{8})$/

/** The mark name a Yjs text format key stands for: "proposalDelete--Ab3+x9Q=" → "proposalDelete". */
export function markNameOfYjsKey(key: string): string {
  return HASHED_KEY.exec(key)?.[1] ?? key
}
