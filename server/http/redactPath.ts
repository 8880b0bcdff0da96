/** Secrets Plenary hands out, by their prefix: invitations, sign-in links, access tokens, sessions, CSRF tokens. */
const SECRET_SEGMENT = /(^|\/)(?:inv|lnk|plt|pls|csrf)_[^/]*/gi

/**
 * A request path fit for a log line: the segment after `/invitations/` (the invitation token, which
 * stays usable until accepted) and any segment shaped like one of Plenary's secrets become
 * "[redacted]". Everything else is kept, so the line still says which route failed.
 */
export function redactPath(path: string): string {
  return path.replace(/(\/invitations\/)[^/]+/gi, '$1[redacted]').replace(SECRET_SEGMENT, '$1[redacted]')
}
