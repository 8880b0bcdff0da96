import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { openEarly } from './documents/useCollabDocument'
import { prefetch } from './api'
import { registerServiceWorker } from './offline/registerServiceWorker'
import { startI18n } from './i18n/i18n'
import './styles.css'

// Opening a document: connect at once and ask for its title and rights (the editor waits for
// them), while the app starts and asks who is signed in.
const opening = /^#\/d\/([A-Za-z0-9_-]+)(?:\/(?:p|t)\/[^/]+)?$/.exec(location.hash)
if (opening) {
  openEarly(opening[1])
  prefetch(`/api/documents/${opening[1]}`)
}

registerServiceWorker()

// The interface starts in the language last used here (or the browser's); its messages first.
await startI18n()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
