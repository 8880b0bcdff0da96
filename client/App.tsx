import { Suspense, useCallback, useEffect, useState } from 'react'
import type { MeResponse } from '../shared/authTypes'
import { useTranslation } from 'react-i18next'
import { can } from '../shared/permissions'
import { api, ApiCallError, NetworkError, setCsrfToken } from './api'
import { SessionContext } from './session'
import { dropEarly, forgetOfflineCopies } from './documents/useCollabDocument'
import { SignInPage, LinkSignIn } from './auth/SignInPage'
import { AcceptInvitation } from './auth/AcceptInvitation'
import { EditorPage } from './editor/EditorPage'
import { actorIn } from './groups/actor'
import { PersonalMenu } from './account/PersonalMenu'
import { EventsProvider } from './events/EventsProvider'
import { NotificationsBell } from './notifications/NotificationsBell'
import { ModerationLink } from './moderation/ModerationLink'
import { SKIP_LINKS_SLOT } from './editor/SkipLinks'
import { OfflineNotice } from './offline/OfflineNotice'
import { useOnline } from './offline/useOnline'
import { clearSignOutPending, markSignOutPending, rememberedSession, rememberSession, signOutPending } from './offline/offlineSession'
import { switchLanguage } from './i18n/i18n'
import { roleLabel } from './i18n/roleLabel'
import { useFeedbackUnread } from './feedback/useFeedbackUnread'
import { lazyNamed } from './lazyNamed'

// The pages other than a document's, each loaded when first opened: the document page (the editor,
// opened from links in mail and feedback) starts without their code (see "Code-splitting" in README).
const DocumentList = lazyNamed(() => import('./workspace/DocumentList'), 'DocumentList')
const MembersPage = lazyNamed(() => import('./groups/MembersPage'), 'MembersPage')
const TokensPage = lazyNamed(() => import('./account/TokensPage'), 'TokensPage')
const ModerationPage = lazyNamed(() => import('./moderation/ModerationPage'), 'ModerationPage')
const FeedbackPage = lazyNamed(() => import('./feedback/FeedbackPage'), 'FeedbackPage')
const HistoryPage = lazyNamed(() => import('./versions/HistoryPage'), 'HistoryPage')
const VersionView = lazyNamed(() => import('./versions/VersionView'), 'VersionView')
const ComparePage = lazyNamed(() => import('./versions/ComparePage'), 'ComparePage')

/** "#/" documents, "#/d/<id>" a document (…/history, …/history/<version>, …/compare/<from>/<to|now>), "#/members", "#/tokens", "#/signin/<token>", "#/invite/<token>". */
function useHashRoute(): string {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const onChange = () => setHash(location.hash)
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return hash
}

/** The nav link to the feedback feed, with its live unread badge. */
function FeedbackLink() {
  const unread = useFeedbackUnread()
  const { t } = useTranslation()
  return (
    <a href="#/feedback" data-testid="feedback-link" aria-label={t('app.feedbackUnread', { unread })}>
      {t('app.feedback')}
      {unread > 0 && <span className="bell__count" data-testid="feedback-unread">{unread}</span>}
    </a>
  )
}

/** How often the app asks the server again while it could not be reached. */
const RETRY_OFFLINE_MS = 5000

export function App() {
  const [me, setMe] = useState<MeResponse | null>(null)
  const [checked, setChecked] = useState(false)
  // The server could not be reached: `me` is who was signed in here last (offlineSession.ts).
  const [offline, setOffline] = useState(false)
  const online = useOnline()
  const hash = useHashRoute()
  const { t } = useTranslation()

  const signedIn = useCallback((next: MeResponse | null) => {
    setCsrfToken(next?.csrfToken ?? null)
    if (next) {
      // Someone else's offline copies must not be shown to, or sent under the name of, this person.
      const before = rememberedSession()
      if (before && before.user.id !== next.user.id) void forgetOfflineCopies()
      rememberSession(next)
      // The language saved with the account wins over this browser's.
      if (next.user.language) void switchLanguage(next.user.language)
    }
    setMe(next)
    setOffline(false)
    setChecked(true)
  }, [])
  const check = useCallback(async () => {
    try {
      const next = await api.me()
      if (!signOutPending()) return signedIn(next)
      // Signed out while offline: the server's session is revoked now.
      setCsrfToken(next.csrfToken)
      await api.logout()
      clearSignOutPending()
      signedIn(null)
    } catch (e) {
      if (e instanceof ApiCallError && e.status === 401) {
        clearSignOutPending()
        dropEarly()
        signedIn(null)
      } else if (e instanceof NetworkError) {
        // No network: open with who was signed in here, so documents open from their offline copy.
        // Nothing is trusted from it: the server checks the session again on reconnecting.
        setMe((current) => current ?? rememberedSession())
        setOffline(true)
        setChecked(true)
      } else setChecked(true)
    }
  }, [signedIn])
  useEffect(() => void check(), [check])
  // Without the server, ask again when the network returns, and now and then (a server that was
  // down, or a network the browser did not notice go).
  useEffect(() => {
    if (!offline) return
    const retry = () => void check()
    const timer = setInterval(retry, RETRY_OFFLINE_MS)
    window.addEventListener('online', retry)
    return () => {
      clearInterval(timer)
      window.removeEventListener('online', retry)
    }
  }, [offline, check])
  // Pages other than a document need the server.
  const networkless = offline || !online

  const link = /^#\/signin\/([\w-]+)$/.exec(hash)
  if (link) return <LinkSignIn token={link[1]} onSignedIn={signedIn} />
  const invite = /^#\/invite\/([\w-]+)$/.exec(hash)
  if (invite) return <AcceptInvitation token={invite[1]} onSignedIn={signedIn} />
  if (!checked) return null
  if (!me) return networkless ? <OfflineNotice signedIn={false} /> : <SignInPage onSignedIn={signedIn} />

  const membership = me.memberships[0]
  const doc = /^#\/d\/([A-Za-z0-9_-]+)(?:\/(p|t|a)\/([^/]+))?$/.exec(hash)
  const feedbackMatch = /^#\/feedback(?:\/([\w-]+))?$/.exec(hash)
  const history = /^#\/d\/([A-Za-z0-9_-]+)\/history(?:\/([\w-]+))?$/.exec(hash)
  const compare = /^#\/d\/([A-Za-z0-9_-]+)\/compare\/([\w-]+)\/([\w-]+)$/.exec(hash)
  const signOut = async () => {
    const reached = await api.logout().then(
      () => true,
      (e: unknown) => !(e instanceof NetworkError),
    )
    if (!reached) markSignOutPending()
    // Leave nothing readable for the next person on a shared computer, and no edits that would be
    // sent under their name: forget the offline copies of documents.
    location.hash = '#/'
    signedIn(null)
    setOffline(!reached)
    await forgetOfflineCopies()
  }
  let page
  if (networkless && !doc) page = <OfflineNotice />
  else if (history) page = history[2] ? <VersionView key={history[2]} docId={history[1]} versionId={history[2]} /> : <HistoryPage docId={history[1]} />
  else if (compare) page = <ComparePage docId={compare[1]} from={compare[2]} to={compare[3]} />
  else if (doc) page = <EditorPage key={doc[1]} docId={doc[1]} focus={doc[2] ? { kind: doc[2] as 'p' | 't' | 'a', id: decodeURIComponent(doc[3]) } : undefined} />
  else if (feedbackMatch) page = <FeedbackPage focusId={feedbackMatch[1]} />
  else if (hash === '#/members') page = <MembersPage />
  else if (hash === '#/tokens') page = <TokensPage />
  else if (hash === '#/moderation') page = <ModerationPage />
  else page = <DocumentList />
  return (
    <SessionContext.Provider value={me}>
      <EventsProvider>
      {/* A page's skip links go here (see client/editor/SkipLinks.tsx): the first stops of the keyboard. */}
      <div id={SKIP_LINKS_SLOT} />
      <header className="app-bar">
        <a href="#/" className="app-bar__brand">
          Plenary
        </a>
        <nav className="app-bar__nav" aria-label={t('app.accountNav')}>
          {/* Live counts need the server: back when it is. */}
          {!networkless && <FeedbackLink />}
          {!networkless && <NotificationsBell />}
          {!networkless && membership && can(actorIn(me, membership.role), 'moderation.view') && <ModerationLink groupId={membership.groupId} />}
          <a href="#/members">{t('app.members')}</a>
          <PersonalMenu
            onSignOut={() => void signOut()}
            label={
              <>
                {me.user.name}
                {membership?.delegation && ` · ${membership.delegation}`}
                {membership && <span className="role-badge">{roleLabel(t, membership.role)}</span>}
                {me.user.isAdmin && <span className="role-badge">{t('roles.administrator')}</span>}
              </>
            }
          />
        </nav>
      </header>
      <Suspense fallback={null}>{page}</Suspense>
      </EventsProvider>
    </SessionContext.Provider>
  )
}
