import type { ApiError, DocumentSummary, Group, WordTemplateView } from '../shared/types'
import type { MeResponse, PreferencesView } from '../shared/authTypes'
import type { Role } from '../shared/permissions'
import type { Anchor } from '../shared/comments/anchor'
import type { FeedbackUpdateView, FeedPage, FeedbackLinkInput } from '../shared/feedback/types'
import type { CompareResult, VersionContent, VersionSummary } from '../shared/versions/types'
import type { ModerationLogEntry, ModerationQueue, NotificationView, ThreadView } from '../shared/comments/types'
import type { EditingMode, ProposalList, ProposalView } from '../shared/amendments/types'
import type { Language } from '../shared/i18n/languages'
import type { PaperFields } from '../shared/paper'
import type { DispositionList, DispositionView, RecordDispositionInput } from '../shared/dispositions/types'
import type { CommentPeriodView, SetCommentPeriod } from '../shared/periods/types'
import type { DelegationGroupInput, DelegationGroupView, SignerTargetType } from '../shared/signers/types'

/** An API call that failed, with the server's error code and message. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(body?.message ?? `request failed with HTTP ${status}`)
  }
}

/** The request never reached the server (offline, or the server is unreachable): no answer at all. */
export class NetworkError extends Error {
  constructor() {
    super('You are offline: the server could not be reached.')
  }
}

/** Fetch, with "no network" told apart from the server's answers. */
async function send(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, { ...init, credentials: 'same-origin' })
  } catch {
    throw new NetworkError()
  }
}

/** The session's CSRF token, sent with every write (the server refuses cookie writes without it). */
let csrfToken: string | null = null
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** GET requests started before the app asked for them (at page load), each taken once. */
const early = new Map<string, Promise<unknown>>()

/**
 * Starts a GET now, while the app is still starting, so the page that needs it finds the answer
 * ready. The first call of the same path within ten seconds takes it if it succeeded; after that
 * it is forgotten.
 */
export function prefetch(path: string): void {
  const request = call('GET', path)
  request.catch(() => undefined)
  early.set(path, request)
  setTimeout(() => early.get(path) === request && early.delete(path), 10_000)
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const started = method === 'GET' ? early.get(path) : undefined
  if (started) {
    early.delete(path)
    // A failed early answer (e.g. 401 before signing in on this page) is not reused: ask again.
    return (started as Promise<T>).catch(() => call<T>(method, path))
  }
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  const res = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  if (res.status === 204) return undefined as T
  const json = await res.json().catch(() => null)
  if (!res.ok) throw new ApiCallError(res.status, json)
  return json as T
}

const WORD_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const WORD_TEMPLATE_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.template'

/** Sends a file as the request's body (an import, a template), with the CSRF token. */
async function upload<T>(method: string, path: string, file: File, type: string): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': type }
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken
  const res = await send(path, { method, headers, body: file })
  const json = await res.json().catch(() => null)
  if (!res.ok) throw new ApiCallError(res.status, json)
  return json as T
}

export interface Member {
  userId: string
  name: string
  role: Role
  delegation: string
  email?: string
}

export interface TokenView {
  id: string
  name: string
  createdAt: string
  lastUsedAt: string | null
  revoked: boolean
}

const enc = encodeURIComponent

export const api = {
  me: () => call<MeResponse>('GET', '/api/me'),
  login: (email: string, password: string) => call<MeResponse>('POST', '/api/auth/login', { email, password }),
  linkSignIn: (token: string) => call<MeResponse>('POST', '/api/auth/link', { token }),
  logout: () => call<void>('POST', '/api/auth/logout'),
  invitation: (token: string) => call<{ groupName: string; role: Role; delegation: string; usable: boolean; expiresAt: string }>('GET', `/api/invitations/${enc(token)}`),
  acceptInvitation: (token: string, body: { name: string; email: string; password: string }) => call<MeResponse>('POST', `/api/invitations/${enc(token)}/accept`, body),

  groups: () => call<Group[]>('GET', '/api/groups'),
  setGroupSettings: (groupId: string, observersMayComment: boolean) => call<Group>('PATCH', `/api/groups/${enc(groupId)}`, { observersMayComment }),
  members: (groupId: string) => call<Member[]>('GET', `/api/groups/${enc(groupId)}/members`),
  setMember: (groupId: string, userId: string, role: Role, delegation?: string) => call<Member>('PUT', `/api/groups/${enc(groupId)}/members/${enc(userId)}`, { role, delegation }),
  removeMember: (groupId: string, userId: string) => call<void>('DELETE', `/api/groups/${enc(groupId)}/members/${enc(userId)}`),
  invite: (groupId: string, role: Role, delegation: string) => call<{ url: string; expiresAt: string }>('POST', `/api/groups/${enc(groupId)}/invitations`, { role, delegation }),

  documents: (groupId?: string) => call<DocumentSummary[]>('GET', `/api/documents${groupId ? `?groupId=${enc(groupId)}` : ''}`),
  document: (id: string) => call<DocumentSummary>('GET', `/api/documents/${enc(id)}`),
  /** Sends a .docx or .md file as the body; the server turns it into a new document. */
  importDocument: (file: File, title: string, groupId?: string) =>
    upload<{ document: { id: string; title: string }; warnings: string[] }>('POST', `/api/documents/import?title=${enc(title)}${groupId ? `&groupId=${enc(groupId)}` : ''}`, file, /\.docx$/i.test(file.name) ? WORD_TYPE : 'text/markdown'),
  wordTemplate: (groupId: string) => call<{ template: WordTemplateView | null }>('GET', `/api/groups/${enc(groupId)}/template`),
  /** Sends a .docx or .dotx file as the body: the group's Word exports take their look from it. */
  setWordTemplate: (groupId: string, file: File) =>
    upload<{ template: WordTemplateView }>('PUT', `/api/groups/${enc(groupId)}/template?name=${enc(file.name)}`, file, /\.dotx$/i.test(file.name) ? WORD_TEMPLATE_TYPE : WORD_TYPE),
  removeWordTemplate: (groupId: string) => call<{ template: null }>('DELETE', `/api/groups/${enc(groupId)}/template`),
  versions: (docId: string) => call<VersionSummary[]>('GET', `/api/documents/${enc(docId)}/versions`),
  saveVersion: (docId: string, name: string) => call<VersionSummary>('POST', `/api/documents/${enc(docId)}/versions`, { name }),
  version: (docId: string, versionId: string) => call<VersionContent>('GET', `/api/documents/${enc(docId)}/versions/${enc(versionId)}`),
  compare: (docId: string, from: string, to: string) => call<CompareResult>('GET', `/api/documents/${enc(docId)}/compare?from=${enc(from)}&to=${enc(to)}`),
  restoreVersion: (docId: string, versionId: string) => call<{ restored: string; savedBefore: VersionSummary }>('POST', `/api/documents/${enc(docId)}/versions/${enc(versionId)}/restore`),
  createDocument: (title: string, groupId?: string) => call<DocumentSummary>('POST', '/api/documents', { title, groupId }),
  renameDocument: (id: string, title: string) => call<DocumentSummary>('PATCH', `/api/documents/${enc(id)}`, { title }),
  setEditRoles: (id: string, editRoles: Role[]) => call<DocumentSummary>('PUT', `/api/documents/${enc(id)}/permissions`, { editRoles }),
  deleteDocument: (id: string) => call<void>('DELETE', `/api/documents/${enc(id)}`),

  setMode: (id: string, mode: EditingMode) => call<DocumentSummary>('PUT', `/api/documents/${enc(id)}/mode`, { mode }),
  /** The document's language, which its exports write their fixed words in. */
  setDocumentLanguage: (id: string, language: Language) => call<DocumentSummary>('PUT', `/api/documents/${enc(id)}/language`, { language }),
  /** Sets the paper's header fields (symbol, distribution, date, session); '' clears one. */
  setDocumentPaper: (id: string, paper: PaperFields) => call<DocumentSummary>('PUT', `/api/documents/${enc(id)}/paper`, paper),
  setCommentPeriod: (id: string, body: SetCommentPeriod) => call<CommentPeriodView>('PUT', `/api/documents/${enc(id)}/comment-period`, body),
  commentPeriods: (id: string) => call<CommentPeriodView[]>('GET', `/api/documents/${enc(id)}/comment-periods`),
  proposals: (docId: string) => call<ProposalList>('GET', `/api/documents/${enc(docId)}/proposals`),
  /** Joins (on) or leaves (off) a proposal for the caller's delegation. */
  supportProposal: (docId: string, id: string, on: boolean) => call<ProposalView>(on ? 'POST' : 'DELETE', `/api/documents/${enc(docId)}/proposals/${enc(id)}/support`),
  dispositions: (docId: string) => call<DispositionList>('GET', `/api/documents/${enc(docId)}/dispositions`),
  recordDisposition: (docId: string, target: string, body: RecordDispositionInput) => call<DispositionView>('PUT', `/api/documents/${enc(docId)}/dispositions/${enc(target)}`, body),
  clearDisposition: (docId: string, target: string) => call<void>('DELETE', `/api/documents/${enc(docId)}/dispositions/${enc(target)}`),
  withdrawProposal: (docId: string, id: string) => call<ProposalView>('POST', `/api/documents/${enc(docId)}/proposals/${enc(id)}/withdraw`),
  inviteSigner: (docId: string, targetType: SignerTargetType, targetId: string, signer: { delegation: string } | { delegationGroupId: string }) =>
    call<ThreadView | ProposalView>('POST', `/api/documents/${enc(docId)}/signers`, { targetType, targetId, ...signer }),
  answerSigner: (docId: string, signerId: string, answer: 'confirm' | 'decline') => call<ThreadView | ProposalView>('POST', `/api/documents/${enc(docId)}/signers/${enc(signerId)}/answer`, { answer }),
  withdrawSigner: (docId: string, signerId: string) => call<ThreadView | ProposalView>('DELETE', `/api/documents/${enc(docId)}/signers/${enc(signerId)}`),
  delegations: (groupId: string) => call<{ delegations: string[]; groups: DelegationGroupView[] }>('GET', `/api/groups/${enc(groupId)}/delegations`),
  saveDelegationGroup: (groupId: string, group: DelegationGroupInput, id?: string) =>
    call<DelegationGroupView>(id ? 'PUT' : 'POST', `/api/groups/${enc(groupId)}/delegation-groups${id ? `/${enc(id)}` : ''}`, group),
  deleteDelegationGroup: (groupId: string, id: string) => call<void>('DELETE', `/api/groups/${enc(groupId)}/delegation-groups/${enc(id)}`),
  decideProposals: (docId: string, ids: string[], decision: 'accept' | 'reject', reason?: string) =>
    call<{ decided: ProposalView[] }>('POST', `/api/documents/${enc(docId)}/proposals/decide`, reason ? { ids, decision, reason } : { ids, decision }),

  threads: (docId: string) => call<{ threads: ThreadView[]; cursor: number }>('GET', `/api/documents/${enc(docId)}/threads`),
  createThread: (docId: string, anchor: Anchor, body: string) => call<ThreadView>('POST', `/api/documents/${enc(docId)}/threads`, { anchor, body }),
  reply: (threadId: string, body: string) => call<ThreadView>('POST', `/api/threads/${enc(threadId)}/messages`, { body }),
  threadAction: (threadId: string, action: 'resolve' | 'reopen' | 'lock' | 'unlock') => call<ThreadView>('POST', `/api/threads/${enc(threadId)}/${action}`),
  editMessage: (id: string, body: string) => call<ThreadView>('PATCH', `/api/messages/${enc(id)}`, { body }),
  deleteMessage: (id: string) => call<ThreadView>('DELETE', `/api/messages/${enc(id)}`),
  moderateMessage: (id: string, action: 'approve' | 'reject' | 'hide' | 'restore' | 'flag', reason?: string) =>
    call<ThreadView>('POST', `/api/messages/${enc(id)}/${action}`, action === 'approve' || action === 'restore' ? undefined : reason ? { reason } : {}),
  moderationQueue: (groupId: string) =>
    call<ModerationQueue>(
      'GET',
      `/api/groups/${enc(groupId)}/moderation/queue`,
    ),
  moderationLog: (groupId: string) => call<ModerationLogEntry[]>('GET', `/api/groups/${enc(groupId)}/moderation/log`),
  setPreModeration: (groupId: string, preModeration: boolean) => call<Group>('PATCH', `/api/groups/${enc(groupId)}`, { preModeration }),
  setTimeZone: (groupId: string, timeZone: string) => call<Group>('PATCH', `/api/groups/${enc(groupId)}`, { timeZone }),
  notifications: () => call<{ unread: number; items: NotificationView[] }>('GET', '/api/notifications'),
  readNotifications: (ids?: string[]) => call<{ unread: number }>('POST', '/api/notifications/read', ids ? { ids } : {}),

  feed: (groupId: string, before?: string) => call<FeedPage>('GET', `/api/groups/${enc(groupId)}/feedback${before ? `?before=${enc(before)}` : ''}`),
  feedbackUnread: (groupId: string) => call<{ unread: number }>('GET', `/api/groups/${enc(groupId)}/feedback/unread`),
  readFeedback: (groupId: string, ids?: string[]) => call<{ unread: number }>('POST', `/api/groups/${enc(groupId)}/feedback/read`, ids ? { ids } : {}),
  postFeedback: (groupId: string, body: { title: string; body: unknown; statusLabel: string | null; links: FeedbackLinkInput[] }) => call<FeedbackUpdateView>('POST', `/api/groups/${enc(groupId)}/feedback`, body),
  editFeedback: (id: string, body: { title: string; body: unknown; statusLabel: string | null; links: FeedbackLinkInput[] }) => call<FeedbackUpdateView>('PATCH', `/api/feedback/${enc(id)}`, body),
  retractFeedback: (id: string) => call<FeedbackUpdateView>('POST', `/api/feedback/${enc(id)}/retract`),
  pinFeedback: (id: string, pin: boolean) => call<FeedbackUpdateView>('POST', `/api/feedback/${enc(id)}/${pin ? 'pin' : 'unpin'}`),
  acknowledgeFeedback: (id: string) => call<FeedbackUpdateView>('POST', `/api/feedback/${enc(id)}/acknowledge`),
  feedbackThread: (id: string) => call<ThreadView | { messages: [] }>('GET', `/api/feedback/${enc(id)}/thread`),
  replyToFeedback: (id: string, body: string) => call<ThreadView>('POST', `/api/feedback/${enc(id)}/replies`, { body }),
  addFeedbackLabel: (groupId: string, label: string) => call<string[]>('POST', `/api/groups/${enc(groupId)}/feedback-labels`, { label }),
  markAnswered: (threadId: string, updateId: string | null) => call<ThreadView>('PUT', `/api/threads/${enc(threadId)}/answered`, { updateId }),

  tokens: () => call<TokenView[]>('GET', '/api/tokens'),
  createToken: (name: string) => call<{ id: string; name: string; token: string }>('POST', '/api/tokens', { name }),
  revokeToken: (id: string) => call<void>('DELETE', `/api/tokens/${enc(id)}`),
  preferences: () => call<PreferencesView>('GET', '/api/me/preferences'),
  setPreferences: (preferences: { emailDigest?: boolean; language?: Language | null }) => call<PreferencesView>('PUT', '/api/me/preferences', preferences),
}
