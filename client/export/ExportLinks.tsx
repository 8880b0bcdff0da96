import { useTranslation } from 'react-i18next'
import { useSession } from '../session'
import { PdfDownload } from './PdfDownload'

/** The downloads the server offers (server/export/exportRoutes.ts): a file under the document's or version's path, and the catalog key of its label ("exports.<key>"). */
type ExportFile = readonly [file: string, label: string]

const DOCUMENT_FILES: ExportFile[] = [
  ['export.docx', 'word'],
  ['export.docx?comments=1', 'wordWithComments'],
  ['export.pdf', 'pdf'],
  ['export.md', 'markdown'],
  ['comments.csv', 'matrixCsv'],
  ['comments.docx', 'matrixWord'],
]

const VERSION_FILES: ExportFile[] = [
  ['export.docx', 'word'],
  ['export.pdf', 'pdf'],
  ['export.md', 'markdown'],
]

/** The links; the PDF one only when this server converts to PDF, else a disabled control saying how to enable it. */
function ExportLinks({ base, files, className }: { base: string; files: ExportFile[]; className?: string }) {
  const { t } = useTranslation()
  const { pdfExport } = useSession()
  return (
    <>
      {files.map(([file, label]) =>
        file.endsWith('.pdf') && !pdfExport ? (
          <PdfDownload key={file} className={className} />
        ) : (
          <a key={file} className={className} href={`${base}/${file}`} download>
            {t(`exports.${label}`)}
          </a>
        ),
      )}
    </>
  )
}

/** The chair's moderation copy: every message, each withheld or hidden one marked with its state and reason. */
const MODERATION_FILES: ExportFile[] = [
  ['comments.csv?moderation=1', 'moderationCsv'],
  ['comments.docx?moderation=1', 'moderationWord'],
]

/**
 * The current document as Word (with or without its comments), PDF and Markdown, and its comments
 * table, as circulated (what every member may read); for whoever moderates, also the moderation copy.
 */
export function DocumentExportLinks({ docId, moderates = false }: { docId: string; moderates?: boolean }) {
  return <ExportLinks base={`/api/documents/${docId}`} files={moderates ? [...DOCUMENT_FILES, ...MODERATION_FILES] : DOCUMENT_FILES} />
}

/** A saved version as Word, PDF and Markdown. */
export function VersionExportLinks({ docId, versionId }: { docId: string; versionId: string }) {
  return <ExportLinks base={`/api/documents/${docId}/versions/${versionId}`} files={VERSION_FILES} className="button-link" />
}
