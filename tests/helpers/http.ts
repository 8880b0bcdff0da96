/** A small HTTP client for API tests: JSON bodies, a bearer token or a session cookie. */
export interface Caller {
  token?: string
  cookie?: string
  csrf?: string
}

export async function api(baseUrl: string, method: string, path: string, options: { as?: Caller; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers }
  if (options.as?.token) headers.authorization = `Bearer ${options.as.token}`
  if (options.as?.cookie) headers.cookie = options.as.cookie
  if (options.as?.csrf) headers['x-csrf-token'] = options.as.csrf
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
  const text = await res.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  return { status: res.status, json, headers: res.headers }
}

/** Signs in with email and password; returns the session cookie and CSRF token. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<Caller> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  if (res.status !== 200) throw new Error(`sign-in failed with ${res.status}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
  return { cookie, csrf: (await res.json()).csrfToken }
}
