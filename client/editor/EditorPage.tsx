import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Editor } from '@tiptap/react'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import type { DocumentSummary } from '../../shared/types'
import { useTranslation } from 'react-i18next'
import { roleLabel } from '../i18n/roleLabel'
import { errorMessage } from '../i18n/errorMessage'
import { api, ApiCallError, NetworkError } from '../api'
import { rememberDocument, rememberedDocument } from '../offline/offlineSession'
import { useOnline } from '../offline/useOnline'
import { useCollabDocument } from '../documents/useCollabDocument'
import { ConnectionIndicator, connectionReason } from '../documents/ConnectionIndicator'
import { OnlineList } from '../documents/OnlineList'
import { DocumentEditor } from './DocumentEditor'
import { EditRolesControl } from './EditRolesControl'
import { SideTabs } from './SideTabs'
import { SkipLinks } from './SkipLinks'
import { showInEditor } from './showInEditor'
import { DocumentExportLinks } from '../export/ExportLinks'
import { DownloadMenu } from '../export/DownloadMenu'
import { useSession } from '../session'
import { useThreads } from '../comments/useThreads'
import { CommentsPanel, type CommentDraft } from '../comments/CommentsPanel'
import { setHighlightThreads, threadAt, threadPlace } from '../comments/CommentHighlights'
import type { ThreadView } from '../../shared/comments/types'
import { useMediaQuery } from '../useMediaQuery'
import { SidePanel } from './SidePanel'
import { actorIn } from '../groups/actor'
import { paragraphNumberingKey } from '../../shared/schema/ParagraphNumbering'
import { createAnchor, type ProsemirrorMapping, type ResolvedAnchor } from '../../shared/comments/anchor'
import { linkedParagraph, useFollowLinkedParagraph } from './linkedParagraph'
import { useSuggesting } from '../amendments/useSuggesting'
import { useProposals, type OpenProposal } from '../amendments/useProposals'
import { useProposalAtCaret } from '../amendments/useProposalAtCaret'
import { ProposalsPanel } from '../amendments/ProposalsPanel'
import { DispositionsProvider } from '../dispositions/DispositionsProvider'
import { ModeSwitch } from '../amendments/ModeSwitch'
import { DocumentLanguageControl } from './DocumentLanguageControl'
import { PaperFields } from './PaperFields'
import { PeriodBanner } from '../periods/PeriodBanner'
import { useCommentPeriod } from '../periods/useCommentPeriod'
import { formatInGroupZone } from '../dates'

type SideTab = 'comments' | 'proposals'

/** A document open for live editing: title, connection state, who is online, the editor. */
export function EditorPage({ docId, focus }: { docId: string; focus?: { kind: 'p' | 't' | 'a'; id: string } }) {
  const [summary, setSummary] = useState<DocumentSummary | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { t } = useTranslation()
  const { session, state } = useCollabDocument(docId)
  const me = useSession()
  const online = useOnline()
  const { threads, merge } = useThreads('document', docId)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [resolved, setResolved] = useState<Map<string, ResolvedAnchor>>(new Map())
  const [activeId, setActiveId] = useState<string | null>(null)
  const [draft, setDraft] = useState<CommentDraft | null>(null)
  // Below 1000 px the side column is a drawer over the document (SidePanel).
  const narrow = useMediaQuery('(max-width: 999px)')
  const [drawerOpen, setDrawerOpen] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const suggesting = useSuggesting(summary)
  const proposals = useProposals(docId, editor, session?.provider.awareness ?? null)
  const [chosenTab, setTab] = useState<SideTab | null>(null)
  // Until chosen: the proposals first in amendments mode, else the comments.
  const tab = chosenTab ?? (summary?.mode === 'amendments' ? 'proposals' : 'comments')
  const [activeProposal, setActiveProposal] = useProposalAtCaret(editor)
  const period = useCommentPeriod(docId, summary?.commentPeriod)
  const timeZone = summary?.timeZone ?? 'UTC'
  const periodClosed = period ? period.state === 'closed' : false

  useEffect(() => {
    if (editor && !editor.isDestroyed) setHighlightThreads(editor.view, { threads })
  }, [editor, threads])
  useEffect(() => {
    if (editor && !editor.isDestroyed) setHighlightThreads(editor.view, { activeId })
  }, [editor, activeId])
  // The thread under the caret or selection is the active one while the person works in the text.
  useEffect(() => {
    if (!editor) return
    const follow = () => {
      if (!editor.isFocused) return
      const at = editor.state.selection.from
      setActiveId(threadAt(editor.state, at) ?? null)
    }
    editor.on('selectionUpdate', follow)
    return () => void editor.off('selectionUpdate', follow)
  }, [editor])

  const startDraft = useCallback(() => {
    if (!editor) return
    setTab('comments')
    const { from, to } = editor.state.selection
    const binding = ySyncPluginKey.getState(editor.state)?.binding as { mapping: ProsemirrorMapping; type: Y.XmlFragment } | undefined
    if (from === to || !binding) {
      setNotice(t('documentPage.selectFirst'))
      return
    }
    setNotice(null)
    setDrawerOpen(true)
    setDraft({ anchor: createAnchor(editor.state.doc, binding.type, binding.mapping, from, to), from })
  }, [editor])
  const cancelDraft = useCallback(() => setDraft(null), [])
  const submitDraft = useCallback(
    async (body: string) => {
      if (!draft) return
      const thread = await api.createThread(docId, draft.anchor, body).catch((e: unknown) => {
        // Refused because the period closed: say when; the form keeps the text.
        if (e instanceof ApiCallError && e.body?.error === 'comment_period_closed' && e.body.closesAt)
          throw new Error(t('documentPage.commentRefusedClosed', { at: formatInGroupZone(e.body.closesAt, timeZone) }))
        throw e
      })
      merge([thread])
      setDraft(null)
      setActiveId(thread.id)
    },
    [docId, draft, merge, timeZone, t],
  )
  // A click on a highlight: its card comes level with it in the margin (the page does not move);
  // in the narrow drawer, the card is brought into the drawer's view.
  const showThread = useCallback(
    (id: string) => {
      setActiveId(id)
      setTab('comments')
      if (!narrow) return
      setDrawerOpen(true)
      requestAnimationFrame(() => document.getElementById(`thread-${id}`)?.scrollIntoView({ block: 'nearest' }))
    },
    [narrow],
  )
  const showPassage = useCallback(
    (id: string) => {
      setActiveId(id)
      setTab('comments')
      // Where the passage is now: typing since the panel last heard of it may have moved it.
      const r = editor && threadPlace(editor.state, id)
      if (!editor || r?.from === null || r?.from === undefined) return
      showInEditor(editor, r.from)
    },
    [editor],
  )
  const showProposal = (p: OpenProposal) => {
    setActiveProposal(p.id)
    if (editor) showInEditor(editor, p.from, p.to, true)
  }
  // "Discuss": a comment on the proposal's text, in the comment threads.
  const discussProposal = (p: OpenProposal) => {
    if (!editor) return
    showInEditor(editor, p.from, p.to)
    startDraft()
  }

  const load = useCallback(() => {
    const show = (doc: DocumentSummary) => {
      setError(null)
      setSummary(doc)
      document.title = `${doc.title} · Plenary`
    }
    api
      .document(docId)
      .then((doc) => {
        rememberDocument(doc)
        show(doc)
      })
      .catch((e: unknown) => {
        // Offline: the title and rights the server gave last time (it checks every edit again when
        // they are sent); asked again once connected.
        const remembered = e instanceof NetworkError ? rememberedDocument(docId) : null
        if (remembered) show(remembered)
        else setError(e instanceof ApiCallError && e.status === 404 ? t('documentPage.notFound') : errorMessage(e))
      })
  }, [docId])
  useEffect(load, [load])
  // Rights may have changed while away (the server closes with 4511 and we reconnect): ask again.
  useEffect(() => {
    if (state.status === 'connected') load()
  }, [state.status, load])
  // The chair switched the mode (a 'proposals' event says so): ask for this person's rights again.
  const listedMode = proposals.mode
  useEffect(() => {
    if (listedMode && summary && listedMode !== summary.mode) load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listedMode])
  // The comment period changed (a 'comment-period' event), or its closing time has come: the rights follow it.
  const periodKey = period ? `${period.id}:${period.closesAt}:${period.state}` : ''
  useEffect(() => {
    const listed = summary?.commentPeriod
    if (summary && periodKey !== (listed ? `${listed.id}:${listed.closesAt}:${listed.state}` : '')) load()
    if (!period || period.state === 'closed') return
    const timer = setTimeout(load, Math.min(Date.parse(period.closesAt) - Date.now() + 250, 2 ** 31 - 1))
    return () => clearTimeout(timer)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [periodKey])

  // Links from feedback updates open a paragraph by position (…/a/<id>), by number as older links do (…/p/6(b)), or a thread (…/t/<id>).
  const [focused, setFocused] = useState(false)
  // Stable while the rights are: the thread cards are memoized on it.
  const actor = useMemo(() => summary && actorIn(me, summary.access.role), [me, summary])
  const threadPerms = useMemo(
    () =>
      summary &&
      actor && {
        actor,
        capabilities: summary.access.capabilities,
        groupId: summary.groupId,
        commentPeriodClosed: summary.commentPeriod?.state === 'closed',
        delegation: me.memberships.find((m) => m.groupId === summary.groupId)?.delegation ?? '',
      },
    [summary, actor, me],
  )
  const onThreadChange = useCallback((t: ThreadView) => merge([t]), [merge])
  useEffect(() => {
    if (!focus || focused || !editor || state.status !== 'connected') return
    if (focus.kind === 't') {
      if (!resolved.has(focus.id)) return
      showPassage(focus.id)
    } else {
      let ref = focus.id
      if (focus.kind === 'a') {
        const found = linkedParagraph(editor, focus.id)
        if (found === undefined) return
        if (!found) {
          // Not rendered yet: wait for the document's paragraphs before saying this one is gone.
          if (!document.querySelector('.document-body li[data-ref]')) return
          setNotice(t('documentPage.linkedParagraphDeleted'))
          setFocused(true)
          return
        }
        ref = found.reference
      }
      const li = document.querySelector(`.document-body li[data-ref="${CSS.escape(ref)}"]`)
      if (!li) return
      editor.view.dispatch(editor.state.tr.setMeta(paragraphNumberingKey, { focusRef: ref }))
      li.scrollIntoView({ block: 'center' })
    }
    setFocused(true)
  }, [focus, focused, editor, state.status, resolved, showPassage])
  useFollowLinkedParagraph(editor, focused && focus?.kind === 'a' ? focus.id : null)

  if (error)
    return (
      <main className="page">
        <p role="alert">{error}</p>
        <a href="#/">{t('documentPage.backToDocuments')}</a>
      </main>
    )
  const canEdit = summary?.access.canEdit ?? false
  const delegation = me.memberships.find((m) => m.groupId === summary?.groupId)?.delegation ?? ''
  return (
    <main className="page page--editor">
      <SkipLinks editor={editor} onShowTab={setTab} />
      <header className="doc-bar">
        <a href="#/" className="doc-bar__back">
          {t('documentPage.documents')}
        </a>
        {/* One line, cut with an ellipsis; the whole title shows on hover and in the browser tab. */}
        <h1 className="doc-bar__title" title={summary?.title}>
          {summary?.title ?? t('documentPage.loading')}
        </h1>
        {summary?.mode === 'amendments' && (
          <span className="badge badge--mode" data-testid="mode-badge" title={t('documentPage.amendmentsModeHint')}>
            {t('documentPage.amendmentsMode')}
          </span>
        )}
        <nav className="doc-bar__export" aria-label={t('documentPage.historyAndExport')}>
          {/* Downloads come from the server: offline they would open the browser's error page. */}
          {online ? (
            <>
              <a href={`#/d/${docId}/history`} data-testid="history-link">
                {t('documentPage.history')}
              </a>
              <DownloadMenu>
                <DocumentExportLinks docId={docId} moderates={summary?.access.capabilities['comment.moderate'] ?? false} />
              </DownloadMenu>
            </>
          ) : (
            <span className="doc-bar__offline" data-testid="needs-network">{t('documentPage.needsNetwork')}</span>
          )}
          <button type="button" onClick={() => window.print()}>
            {t('documentPage.print')}
          </button>
        </nav>
        <ConnectionIndicator state={state} />
      </header>
      {summary && (
        <PeriodBanner docId={docId} period={period} timeZone={timeZone} manages={summary.access.capabilities['commentPeriod.manage']} onChanged={() => load()} />
      )}
      {summary && !canEdit && (
        <p className="notice" role="status" data-testid="read-only-notice">
          {periodClosed && period
            ? t('documentPage.readOnlyClosed', { at: formatInGroupZone(period.closesAt, timeZone) })
            : summary.access.role
              ? t('documentPage.readOnlyAs', { role: roleLabel(t, summary.access.role) })
              : t('documentPage.readOnlyVisitor')}
        </p>
      )}
      <div className="editor-layout">
        {/* The editor is made once the content is here, so it renders the document once (not empty first). */}
        {session && summary && !state.loaded && (
          <p className="editor editor--loading" role="status">
            {state.closedReason ? t('documentPage.cannotShow', { reason: connectionReason(t, state) }) : t('documentPage.loadingDocument')}
          </p>
        )}
        {session && summary && state.loaded && (
          <DocumentEditor
            key={docId}
            session={session}
            title={summary.title}
            editable={canEdit}
            onEditor={setEditor}
            comments={{ onResolved: setResolved, onSelect: showThread, onNewComment: startDraft }}
            suggest={suggesting.control}
            author={suggesting.author}
            onRefused={suggesting.onRefused}
            header={<PaperFields doc={summary} onChanged={setSummary} />}
          />
        )}
        <DispositionsProvider docId={docId} editor={editor} canRecord={summary?.access.capabilities['disposition.record'] ?? false}>
          <SidePanel narrow={narrow} open={drawerOpen} onOpen={setDrawerOpen} count={threads.length} label={t('documentPage.sidePanel')}>
            {/* The chair's settings fold away, so the comments beside the text start near its top. */}
            {(summary?.access.capabilities['document.setPermissions'] || summary?.access.capabilities['document.setMode'] || summary?.access.capabilities['document.setLanguage']) && (
              <details className="side-panel__settings">
                <summary>{t('documentPage.settings')}</summary>
                {summary.access.capabilities['document.setPermissions'] && <EditRolesControl doc={summary} onChanged={setSummary} />}
                {summary.access.capabilities['document.setMode'] && <ModeSwitch doc={summary} onChanged={setSummary} />}
                {summary.access.capabilities['document.setLanguage'] && <DocumentLanguageControl doc={summary} onChanged={setSummary} />}
              </details>
            )}
            {notice && (
              <p role="status" className="notice">
                {notice}
              </p>
            )}
            {session && !threadPerms && <OnlineList awareness={session.provider.awareness} />}
            {summary && actor && threadPerms && (
              <SideTabs<SideTab>
                head={session && <OnlineList awareness={session.provider.awareness} />}
                label={t('documentPage.tabs')}
                selected={tab}
                onSelect={setTab}
                tabs={[
                  {
                    id: 'comments',
                    label: t('documentPage.commentsTab', { count: threads.length }),
                    panel: (
                      <CommentsPanel
                        threads={threads}
                        resolved={resolved}
                        activeId={activeId}
                        perms={threadPerms}
                        editor={editor}
                        placed={!narrow}
                        draft={draft}
                        onStartDraft={startDraft}
                        onCancelDraft={cancelDraft}
                        closedNotice={periodClosed && period ? t('documentPage.commentsClosed', { at: formatInGroupZone(period.closesAt, timeZone) }) : undefined}
                        onSubmitDraft={submitDraft}
                        onSelect={showPassage}
                        onActivate={setActiveId}
                        onChange={onThreadChange}
                      />
                    ),
                  },
                  {
                    id: 'proposals',
                    label: t('documentPage.proposalsTab', { count: proposals.open.length }),
                    panel: (
                      <ProposalsPanel
                        docId={docId}
                        open={proposals.open}
                        decided={proposals.decided}
                        error={proposals.error}
                        activeId={activeProposal}
                        perms={{ actor, capabilities: summary.access.capabilities, delegation, groupId: summary.groupId }}
                        onSelect={showProposal}
                        onDiscuss={summary.access.capabilities['comment.create'] ? discussProposal : undefined}
                        onChanged={() => void proposals.reload()}
                      />
                    ),
                  },
                ]}
              />
            )}
          </SidePanel>
        </DispositionsProvider>
      </div>
    </main>
  )
}
