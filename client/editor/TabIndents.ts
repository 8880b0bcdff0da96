import { Extension } from '@tiptap/core'
import { readPreferences } from '../preferences'

/**
 * The "Tab key indents paragraphs" setting: while it is on, Tab and Shift+Tab in a numbered
 * paragraph make it a sub-point and lift it back (as Alt+Shift+→/← always do). Off by default, so
 * Tab moves the focus on as everywhere else on the page. Outside lists Tab always moves on.
 */
export const TabIndents = Extension.create({
  name: 'plenaryTabIndents',
  addKeyboardShortcuts() {
    const inList = () => this.editor.isActive('listItem')
    return {
      Tab: () => readPreferences().tabIndents && inList() && (this.editor.commands.sinkListItem('listItem') || true),
      'Shift-Tab': () => readPreferences().tabIndents && inList() && (this.editor.commands.liftListItem('listItem') || true),
    }
  },
})
