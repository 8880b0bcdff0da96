import pino, { type Logger as PinoLogger } from 'pino'

/** The server's logger: one JSON line per event on stderr (stdout is kept for the address). */
export interface Logger {
  error(message: string, extra?: unknown): void
  info(message: string, extra?: unknown): void
  debug(message: string, extra?: unknown): void
  /** The pino logger underneath, also Fastify's. */
  readonly pino: PinoLogger
}

export type LogLevel = 'silent' | 'error' | 'info' | 'debug'

/**
 * pino at the given level. Nothing secret is ever passed to it (paths are redacted before they are
 * logged, headers never are); as a second line of defence pino drops credential-bearing fields.
 */
export function createLogger(level: LogLevel): Logger {
  const logger = pino(
    { level, base: undefined, redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' } },
    process.stderr,
  )
  const extraOf = (extra: unknown) => (extra === undefined ? {} : { extra: extra instanceof Error ? extra.message : extra })
  return {
    error: (message, extra) => logger.error(extraOf(extra), message),
    info: (message, extra) => logger.info(extraOf(extra), message),
    debug: (message, extra) => logger.debug(extraOf(extra), message),
    pino: logger,
  }
}
