import { useTranslation } from 'react-i18next'
import { rememberedDocuments } from './offlineSession'

/**
 * In place of a page that needs the network while there is none: says so, and lists the documents
 * this browser keeps an offline copy of, which open and can be edited without it.
 */
export function OfflineNotice({ signedIn = true }: { signedIn?: boolean }) {
  const docs = signedIn ? rememberedDocuments() : []
  const { t } = useTranslation()
  return (
    <main className="page" data-testid="offline-notice">
      <h1>{t('offline.title')}</h1>
      <p role="status">{signedIn ? t('offline.pageNeedsNetwork') : t('offline.signInNeedsNetwork')}</p>
      {docs.length > 0 && (
        <section aria-labelledby="offline-documents">
          <h2 id="offline-documents">{t('offline.available')}</h2>
          <ul>
            {docs.map((doc) => (
              <li key={doc.id}>
                <a href={`#/d/${doc.id}`}>{doc.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  )
}
