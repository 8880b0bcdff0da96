import { rememberedDocuments } from './offlineSession'

/**
 * In place of a page that needs the network while there is none: says so, and lists the documents
 * this browser keeps an offline copy of, which open and can be edited without it.
 */
export function OfflineNotice({ signedIn = true }: { signedIn?: boolean }) {
  const docs = signedIn ? rememberedDocuments() : []
  return (
    <main className="page" data-testid="offline-notice">
      <h1>Offline</h1>
      <p role="status">{signedIn ? 'You are offline; this page needs the network.' : 'You are offline; signing in needs the network.'} It opens by itself when the connection returns.</p>
      {docs.length > 0 && (
        <section aria-labelledby="offline-documents">
          <h2 id="offline-documents">Available offline on this device</h2>
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
