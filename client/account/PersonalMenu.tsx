import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { PreferencesView } from '../../shared/authTypes'
import { LANGUAGES, LANGUAGE_NAMES, type Language } from '../../shared/i18n/languages'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { currentLanguage, switchLanguage } from '../i18n/i18n'

/**
 * The signed-in person's own menu, opened from their name in the top bar (WAI-ARIA menu button):
 * Access tokens, the daily e-mail digest (a checkbox item; unavailable when the server sends no
 * e-mail), the interface language (radio items, each language named in itself) and Sign out. Enter, Space or ArrowDown open it on the first item, ArrowUp on the last;
 * arrows, Home and End move; Escape closes it and gives the focus back to the button; Tab closes it,
 * and so do choosing a language (the focus back on the button) and going to another page.
 */
export function PersonalMenu(props: { label: ReactNode; onSignOut: () => void }) {
  const id = useId()
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLUListElement>(null)
  const [open, setOpen] = useState(false)
  const [prefs, setPrefs] = useState<PreferencesView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { t } = useTranslation()
  useEffect(() => void api.preferences().then(setPrefs, () => undefined), [])

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])]
  const focusItem = (which: 'first' | 'last' | number) => {
    const all = items()
    const at = which === 'first' ? 0 : which === 'last' ? all.length - 1 : (which + all.length) % all.length
    all[at]?.focus()
  }
  const openAt = (which: 'first' | 'last') => {
    setOpen(true)
    requestAnimationFrame(() => focusItem(which))
  }
  const close = (returnFocus: boolean) => {
    setOpen(false)
    if (returnFocus) button.current?.focus()
  }
  // Going to another page closes the menu.
  useEffect(() => {
    const onPage = () => setOpen(false)
    window.addEventListener('hashchange', onPage)
    return () => window.removeEventListener('hashchange', onPage)
  }, [])
  // A click anywhere else closes the menu.
  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') {
      e.preventDefault()
      openAt('first')
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      openAt('last')
    }
  }
  const onMenuKey = (e: KeyboardEvent) => {
    const at = items().indexOf(document.activeElement as HTMLElement)
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusItem(at + 1),
      ArrowUp: () => focusItem(at - 1),
      Home: () => focusItem('first'),
      End: () => focusItem('last'),
      Escape: () => close(true),
    }
    if (e.key === 'Tab') return setOpen(false)
    if (e.key === ' ' && (e.target as HTMLElement).tagName === 'A') {
      e.preventDefault()
      return (e.target as HTMLElement).click()
    }
    if (!moves[e.key]) return
    e.preventDefault()
    moves[e.key]()
  }
  const toggleDigest = async () => {
    if (!prefs?.digestAvailable) return
    setError(null)
    try {
      setPrefs(await api.setPreferences({ emailDigest: !prefs.emailDigest }))
    } catch (err) {
      setError((err as Error).message)
    }
  }
  /** The page changes language at once; the menu closes once the choice is saved with the account (open, with the error, if not). */
  const chooseLanguage = async (language: Language) => {
    setError(null)
    await switchLanguage(language)
    try {
      setPrefs(await api.setPreferences({ language }))
      close(true)
    } catch (err) {
      setError((err as Error).message)
    }
  }

  return (
    <div className="personal-menu">
      <button
        ref={button}
        type="button"
        className="app-bar__me personal-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        id={`${id}-button`}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={onButtonKey}
        data-testid="whoami"
      >
        {props.label}
      </button>
      <ul ref={menu} id={`${id}-menu`} role="menu" aria-labelledby={`${id}-button`} className="personal-menu__list" hidden={!open} onKeyDown={onMenuKey}>
        <li role="none">
          <a role="menuitem" tabIndex={-1} href="#/tokens" onClick={() => close(false)}>
            {t('account.accessTokens')}
          </a>
        </li>
        <li role="none">
          <button
            type="button"
            role="menuitemcheckbox"
            tabIndex={-1}
            aria-checked={prefs?.emailDigest ?? false}
            aria-disabled={!prefs?.digestAvailable}
            aria-describedby={`${id}-digest`}
            onClick={() => void toggleDigest()}
          >
            <span aria-hidden="true" className="personal-menu__check">{prefs?.emailDigest ? '✓' : ''}</span>
            {t('account.dailyDigest')}
          </button>
          <span id={`${id}-digest`} className="personal-menu__hint">
            {prefs && !prefs.digestAvailable ? t('account.digestUnavailable') : t('account.digestHint')}
          </span>
          <ErrorText error={error} />
        </li>
        <li role="none">
          <ul role="group" aria-label={t('account.language')} className="personal-menu__group">
            <li role="presentation" aria-hidden="true" className="personal-menu__caption">
              {t('account.language')}
            </li>
            {LANGUAGES.map((language) => (
              <li role="none" key={language}>
                <button type="button" role="menuitemradio" tabIndex={-1} lang={language} aria-checked={currentLanguage() === language} onClick={() => void chooseLanguage(language)}>
                  <span aria-hidden="true" className="personal-menu__check">{currentLanguage() === language ? '✓' : ''}</span>
                  {LANGUAGE_NAMES[language]}
                </button>
              </li>
            ))}
          </ul>
        </li>
        <li role="none">
          <button type="button" role="menuitem" tabIndex={-1} onClick={props.onSignOut}>
            {t('account.signOut')}
          </button>
        </li>
      </ul>
    </div>
  )
}
