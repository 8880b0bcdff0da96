import type { Logger } from './logger.js'

/**
 * The last line of defence: an exception or rejection that escaped every handler is logged and the
 * process keeps serving everyone else. Each request, frame and upgrade already turns its own failures
 * into a status or close code; reaching here is a bug to fix, never a reason to cut off a plenary.
 * Only the entry point installs it: tests run without it, so such a bug fails them.
 */
export function installProcessGuard(logger: Logger): void {
  process.on('uncaughtException', (error) => logger.error('uncaught exception (kept serving)', stackOf(error)))
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection (kept serving)', stackOf(reason)))
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}
