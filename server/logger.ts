/** A tiny leveled logger writing one line per event to stderr (stdout is kept for the address). */
export interface Logger {
  error(message: string, extra?: unknown): void
  info(message: string, extra?: unknown): void
  debug(message: string, extra?: unknown): void
}

const LEVELS = { silent: 0, error: 1, info: 2, debug: 3 } as const

export function createLogger(level: keyof typeof LEVELS): Logger {
  const at = LEVELS[level]
  const write = (tag: string, message: string, extra?: unknown) => {
    const suffix = extra === undefined ? '' : ` ${extra instanceof Error ? extra.message : JSON.stringify(extra)}`
    process.stderr.write(`${new Date().toISOString()} ${tag} ${message}${suffix}\n`)
  }
  return {
    error: (m, e) => at >= 1 && write('ERROR', m, e),
    info: (m, e) => at >= 2 && write('INFO', m, e),
    debug: (m, e) => at >= 3 && write('DEBUG', m, e),
  }
}
