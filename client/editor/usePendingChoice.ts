import { useState } from 'react'
import { errorMessage } from '../i18n/errorMessage'

/**
 * A setting the server may refuse (the editing mode, the document's language): the choice shows at
 * once while it is sent (pending), goes back if refused, and the refusal is worded from its error code.
 */
export function usePendingChoice<T>(apply: (value: T) => Promise<void>): { pending: T | null; error: string | null; choose: (value: T) => Promise<void> } {
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState<T | null>(null)
  const choose = async (value: T) => {
    setError(null)
    setPending(value)
    try {
      await apply(value)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setPending(null)
    }
  }
  return { pending, error, choose }
}
