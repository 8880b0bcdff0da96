import type { Editor } from '@tiptap/core'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'

/** The element at the top of the app (before its header) where a page puts its skip links. */
export const SKIP_LINKS_SLOT = 'skip-links'

/**
 * Keyboard shortcuts past the page's header: to the document's text, to the comments, to the
 * proposals. Hidden until focused (the first Tab stops of the page), as skip links are.
 */
export function SkipLinks({ editor, onShowTab }: { editor: Editor | null; onShowTab: (tab: 'comments' | 'proposals') => void }) {
  const { t } = useTranslation()
  const show = (tab: 'comments' | 'proposals') => {
    onShowTab(tab)
    // The panel is shown on the next render: focus it then.
    requestAnimationFrame(() => document.getElementById(tab)?.focus())
  }
  const slot = document.getElementById(SKIP_LINKS_SLOT)
  const links = (
    <nav className="skip-links" aria-label={t('editor.skipLinks.label')}>
      <button type="button" disabled={!editor} onClick={() => editor?.commands.focus()}>
        {t('editor.skipLinks.document')}
      </button>
      <button type="button" onClick={() => show('comments')}>
        {t('editor.skipLinks.comments')}
      </button>
      <button type="button" onClick={() => show('proposals')}>
        {t('editor.skipLinks.proposals')}
      </button>
    </nav>
  )
  return slot ? createPortal(links, slot) : links
}
