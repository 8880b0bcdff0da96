import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The chair's reason for hiding a message (required: its author reads it) or rejecting one awaiting
 * approval (optional). onSubmit answers whether the action went through; the form then closes.
 */
export function ReasonForm({ action, onSubmit, onCancel }: { action: 'hide' | 'reject'; onSubmit: (reason: string) => Promise<boolean>; onCancel: () => void }) {
  const [reason, setReason] = useState('')
  const { t } = useTranslation()
  return (
    <form
      className="reason-form"
      onSubmit={async (e) => {
        e.preventDefault()
        if (await onSubmit(reason.trim())) setReason('')
      }}
    >
      <label>
        {action === 'hide' ? t('moderation.reasonHide') : t('moderation.reasonReject')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} required={action === 'hide'} maxLength={500} autoFocus />
      </label>
      <button type="submit">{action === 'hide' ? t('moderation.hideMessage') : t('moderation.rejectMessage')}</button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  )
}
