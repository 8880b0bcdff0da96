/** The downloads the server offers (server/export/exportRoutes.ts): a file under the document's or version's path, and its label. */
type ExportFile = readonly [file: string, label: string]

const DOCUMENT_FILES: ExportFile[] = [
  ['export.docx', 'Word'],
  ['export.docx?comments=1', 'Word with comments'],
  ['export.md', 'Markdown'],
  ['comments.csv', 'Comments matrix (CSV)'],
  ['comments.docx', 'Comments matrix (Word)'],
]

const VERSION_FILES: ExportFile[] = [
  ['export.docx', 'Word'],
  ['export.md', 'Markdown'],
]

function ExportLinks({ base, files, className }: { base: string; files: ExportFile[]; className?: string }) {
  return (
    <>
      {files.map(([file, label]) => (
        <a key={file} className={className} href={`${base}/${file}`} download>
          {label}
        </a>
      ))}
    </>
  )
}

/** The chair's moderation copy: every message, each withheld or hidden one marked with its state and reason. */
const MODERATION_FILES: ExportFile[] = [
  ['comments.csv?moderation=1', 'Moderation copy (CSV)'],
  ['comments.docx?moderation=1', 'Moderation copy (Word)'],
]

/**
 * The current document as Word (with or without its comments) and Markdown, and its comments table,
 * as circulated (what every member may read); for whoever moderates, also the moderation copy.
 */
export function DocumentExportLinks({ docId, moderates = false }: { docId: string; moderates?: boolean }) {
  return <ExportLinks base={`/api/documents/${docId}`} files={moderates ? [...DOCUMENT_FILES, ...MODERATION_FILES] : DOCUMENT_FILES} />
}

/** A saved version as Word and Markdown. */
export function VersionExportLinks({ docId, versionId }: { docId: string; versionId: string }) {
  return <ExportLinks base={`/api/documents/${docId}/versions/${versionId}`} files={VERSION_FILES} className="button-link" />
}
