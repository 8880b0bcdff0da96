import type { ApiError, DocumentSummary, Group } from '../shared/types'

/** An API call that failed, with the server's error code and message. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
  ) {
    super(body?.message ?? `request failed with HTTP ${status}`)
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (res.status === 204) return undefined as T
  const json = await res.json().catch(() => null)
  if (!res.ok) throw new ApiCallError(res.status, json)
  return json as T
}

export const api = {
  groups: () => call<Group[]>('GET', '/api/groups'),
  documents: (groupId?: string) => call<DocumentSummary[]>('GET', `/api/documents${groupId ? `?groupId=${encodeURIComponent(groupId)}` : ''}`),
  document: (id: string) => call<DocumentSummary>('GET', `/api/documents/${encodeURIComponent(id)}`),
  createDocument: (title: string, groupId?: string) => call<DocumentSummary>('POST', '/api/documents', { title, groupId }),
  renameDocument: (id: string, title: string) => call<DocumentSummary>('PATCH', `/api/documents/${encodeURIComponent(id)}`, { title }),
  deleteDocument: (id: string) => call<void>('DELETE', `/api/documents/${encodeURIComponent(id)}`),
}
