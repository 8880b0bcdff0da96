import { useCallback, useSyncExternalStore } from 'react'

/** This person's editor settings, kept in this browser (localStorage): nothing here reaches the server. */
export interface Preferences {
  /** Tab and Shift+Tab demote and promote numbered paragraphs instead of moving the focus on. */
  tabIndents: boolean
}

const KEY = 'plenary.preferences'
const DEFAULTS: Preferences = { tabIndents: false }
const listeners = new Set<() => void>()
let current: Preferences | null = null

/** The saved preferences, defaults for anything missing or unreadable (private windows may refuse storage). */
export function readPreferences(): Preferences {
  if (current) return current
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>
    current = { ...DEFAULTS, tabIndents: saved.tabIndents === true }
  } catch {
    current = { ...DEFAULTS }
  }
  return current
}

/** Saves a change and tells every component using the preferences. */
export function savePreferences(change: Partial<Preferences>): void {
  current = { ...readPreferences(), ...change }
  try {
    localStorage.setItem(KEY, JSON.stringify(current))
  } catch {
    // Not saved for next time, but still in effect in this tab.
  }
  listeners.forEach((l) => l())
}

/**
 * Another tab of this browser changed them: one 'storage' listener for the page, added once the
 * page is idle. Adding it is not free in Chromium (41 ms inside the native addEventListener in a
 * CPU profile of the document page's start on a loaded machine), and the toolbar subscribes while
 * the editor is being made, which the first paint should not wait for.
 */
let watchingOtherTabs = false
function watchOtherTabs(): void {
  if (watchingOtherTabs) return
  watchingOtherTabs = true
  const watch = () =>
    window.addEventListener('storage', (e) => {
      if (e.key !== KEY) return
      current = null
      listeners.forEach((l) => l())
    })
  if ('requestIdleCallback' in window) requestIdleCallback(watch, { timeout: 2000 })
  else setTimeout(watch, 500)
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  watchOtherTabs()
  return () => void listeners.delete(listener)
}

/** The preferences and a setter; re-renders when they change here or in another tab. */
export function usePreferences(): [Preferences, (change: Partial<Preferences>) => void] {
  const prefs = useSyncExternalStore(subscribe, readPreferences)
  return [prefs, useCallback((change: Partial<Preferences>) => savePreferences(change), [])]
}
