import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The PDF download on a server without LibreOffice: not a link that would answer an error, but a
 * button named "PDF (unavailable)" that shows how an administrator enables PDF (also its accessible
 * description, so a screen reader hears why before pressing it).
 */
export function PdfDownload({ className }: { className?: string }) {
  const { t } = useTranslation()
  const id = useId()
  const [open, setOpen] = useState(false)
  return (
    <span className="export-unavailable">
      <button type="button" className={className} aria-expanded={open} aria-controls={id} aria-describedby={id} onClick={() => setOpen(!open)}>
        {t('exports.pdfUnavailableLabel')}
      </button>
      <span id={id} role="note" className="export-unavailable__why" hidden={!open}>
        {t('exports.pdfUnavailable')}
      </span>
    </span>
  )
}
