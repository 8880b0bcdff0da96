/** An error that becomes a JSON response with this status at the HTTP edge. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: string[],
  ) {
    super(message)
  }
}
