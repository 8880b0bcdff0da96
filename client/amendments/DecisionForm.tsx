import { useState, type FormEvent } from 'react'

export type Decision = 'accept' | 'reject'

/**
 * The chair's confirmation of a decision on one or several proposals, with an optional reason
 * (recorded in the moderation log and shown with the decided proposal).
 */
export function DecisionForm(props: { decision: Decision; count: number; summary?: string; onConfirm: (reason: string) => Promise<void>; onCancel: () => void }) {
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const verb = props.decision === 'accept' ? 'Accept' : 'Reject'
  const what = props.count === 1 ? 'proposal' : `${props.count} proposals`
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
    <form className="reason-form decision-form" onSubmit={submit} aria-label={`${verb} ${what}`}>
      {props.summary && <p className="decision-form__summary">{props.summary}</p>}
      <label>
        Reason (optional)
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} autoFocus />
      </label>
      <button type="submit" disabled={busy} className={props.decision === 'accept' ? 'button--accept' : 'button--reject'}>
        {verb} {what}
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  )
}
