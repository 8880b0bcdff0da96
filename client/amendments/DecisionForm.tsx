import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'

export type Decision = 'accept' | 'reject'

/**
 * The chair's confirmation of a decision on one or several proposals, with an optional reason
 * (recorded in the moderation log and shown with the decided proposal).
 */
export function DecisionForm(props: { decision: Decision; count: number; summary?: string; onConfirm: (reason: string) => Promise<void>; onCancel: () => void }) {
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const { t } = useTranslation()
  // "Accept proposal", "Reject 3 proposals": one message each, the count in the translator's plural.
  const action = t(props.decision === 'accept' ? 'amendments.decision.accept' : 'amendments.decision.reject', { count: props.count })
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    try {
      await props.onConfirm(reason.trim())
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="reason-form decision-form" onSubmit={submit} aria-label={action}>
      {props.summary && <p className="decision-form__summary">{props.summary}</p>}
      <label>
        {t('amendments.decision.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} autoFocus />
      </label>
      <button type="submit" disabled={busy} className={props.decision === 'accept' ? 'button--accept' : 'button--reject'}>
        {action}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  )
}
