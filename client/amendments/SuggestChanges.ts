import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import type { ProposalAuthor } from '../../shared/amendments/proposal'
import { suggestTransaction } from '../../shared/amendments/suggestTransaction'
import { withoutOthersProposals } from './withoutOthersProposals'

export interface SuggestChangesOptions {
  /** Whether this person's changes start as proposals (amendments mode, or "Suggest" chosen). */
  enabled: boolean
  /** Who the proposals are by; nothing is suggested until it is known. */
  author: ProposalAuthor | null
  /** Called with an edit that cannot be made as a proposal and was dropped (to tell the person). */
  onRefused: (transaction: Transaction) => void
}

export interface SuggestChangesStorage {
  enabled: boolean
  author: ProposalAuthor | null
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    suggestChanges: {
      /** Turns suggesting on or off for this person's changes. */
      setSuggesting: (enabled: boolean) => ReturnType
      /** Sets who this person's proposals are by. */
      setProposalAuthor: (author: ProposalAuthor | null) => ReturnType
    }
  }
  interface Storage {
    suggestChanges: SuggestChangesStorage
  }
}

/**
 * Suggesting mode: while enabled, every edit this person makes in the editor is dispatched as
 * proposals by them instead (shared/amendments/suggestTransaction), just before it reaches the
 * editor state, so what Yjs sends is already the proposal. Changes arriving from the shared
 * document (other people, the first sync, Yjs undo and redo) pass untouched; an edit that cannot
 * be a proposal is dropped and reported through onRefused. In every mode, pasted content loses
 * the proposal marks of other people (the server would refuse them).
 */
export const SuggestChanges = Extension.create<SuggestChangesOptions, SuggestChangesStorage>({
  name: 'suggestChanges',

  addOptions() {
    return { enabled: false, author: null, onRefused: () => undefined }
  },

  addStorage() {
    return { enabled: this.options.enabled, author: this.options.author }
  },

  addCommands() {
    return {
      setSuggesting: (enabled) => () => {
        this.storage.enabled = enabled
        return true
      },
      setProposalAuthor: (author) => () => {
        this.storage.author = author
        return true
      },
    }
  },

  addProseMirrorPlugins() {
    const storage = this.storage
    return [
      new Plugin({
        key: new PluginKey('suggestChangesPaste'),
        props: { transformPasted: (slice) => withoutOthersProposals(slice, storage.author?.authorId ?? null) },
      }),
    ]
  },

  dispatchTransaction({ transaction, next }) {
    const { enabled, author } = this.storage
    if (!enabled || !author) return next(transaction)
    let suggestion: Transaction | null = null
    try {
      suggestion = suggestTransaction(this.editor.state, transaction, { author })
    } catch (error) {
      // An edit the transform cannot follow is dropped like a refused one; the editor keeps working.
      console.error('suggestChanges: could not make a proposal of this edit', error)
    }
    if (suggestion) next(suggestion)
    else this.options.onRefused(transaction)
  },
})
