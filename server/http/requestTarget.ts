/**
 * The URL of a request target (origin-form "/path?q", absolute-form "http://host/path", or "*"),
 * or null when it cannot be parsed. Node hands any request target through as it came; `new URL()`
 * throws on some (e.g. "//["), so every place that reads req.url goes through here.
 */
export function parseRequestTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://x')
  } catch {
    return null
  }
}

/** The path of a request for a log line: never throws, never longer than 200 characters. */
export function pathForLog(target: string | undefined): string {
  const path = parseRequestTarget(target)?.pathname ?? '(unparsable request target)'
  return path.length > 200 ? `${path.slice(0, 200)}…` : path
}
