import { useState } from 'react'

/**
 * The chair's reason for hiding a message (required: its author reads it) or rejecting one awaiting
 * approval (optional). onSubmit answers whether the action went through; the form then closes.
 */
export function ReasonForm({ action, onSubmit, onCancel }: { action: 'hide' | 'reject'; onSubmit: (reason: string) => Promise<boolean>; onCancel: () => void }) {
  const [reason, setReason] = useState('')
  return (
    <form
      className="reason-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (await onSubmit(reason.trim())) setReason('')
      }}
    >
      <label>
        Reason ({action === 'hide' ? 'shown to the author' : 'optional, shown to the author'})
        <input value={reason} onChange={(e) => setReason(e.target.value)} required={action === 'hide'} maxLength={500} autoFocus />
      </label>
      <button type="submit">{action === 'hide' ? 'Hide message' : 'Reject message'}</button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  )
}
