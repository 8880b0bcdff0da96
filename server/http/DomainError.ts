/**
 * What a service says went wrong, without knowing about HTTP. One error handler at the edge turns
 * each kind into its status (createHttpApp); the code is the stable `error` field clients read.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'gone' | 'too_large' | 'unsupported' | 'unprocessable' | 'too_many' | 'unavailable' | 'timeout'

export const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  too_many: 429,
  unavailable: 503,
  /** Work the server gave up on past its time limit (a PDF conversion). */
  timeout: 504,
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    /** Field-level reasons of an invalid request, response headers such as Retry-After, or fields the error body carries (closesAt). */
    readonly extra: { details?: string[]; headers?: Record<string, string>; fields?: Record<string, string> } = {},
  ) {
    super(message)
  }

  /** The HTTP status this error is answered with. */
  get status(): number {
    return STATUS_OF[this.kind]
  }
}

/** The kind of error an HTTP status stands for (errors that crossed a worker boundary as a status). */
export function kindOfStatus(status: number): ErrorKind {
  return (Object.entries(STATUS_OF).find(([, s]) => s === status)?.[0] as ErrorKind | undefined) ?? 'invalid'
}

/** Shorthands for the errors services throw most. */
export const notFound = (code: string, message: string) => new DomainError('not_found', code, message)
export const forbidden = (message: string, code = 'forbidden') => new DomainError('forbidden', code, message)
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message)
export const invalid = (code: string, message: string, details?: string[]) => new DomainError('invalid', code, message, { details })
