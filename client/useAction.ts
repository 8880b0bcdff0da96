import { useState } from 'react'
import { errorMessage } from './i18n/errorMessage'

/**
 * A control's call to the server: busy while it runs (to disable the buttons), the error it ended
 * with (in the interface's language, to show beside them), and act(), which runs the call, hands its answer to done, and says
 * whether it succeeded.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const act = async <T>(call: () => Promise<T>, done: (result: T) => void = () => {}): Promise<boolean> => {
    setError(null)
    setBusy(true)
    try {
      done(await call())
      return true
    } catch (e) {
      setError(errorMessage(e))
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, act }
}
