/**
 * Retries an assertion until it passes or the timeout runs out, then throws its last error.
 * Real servers and real clients converge asynchronously; this is how tests wait for them.
 */
export async function waitFor<T>(assertion: () => T | Promise<T>, { timeout = 5000, interval = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeout
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      return await assertion()
    } catch (error) {
      lastError = error
    }
    await new Promise((r) => setTimeout(r, interval))
  }
  throw lastError ?? new Error('waitFor timed out')
}
