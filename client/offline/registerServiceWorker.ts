/**
 * Registers the service worker that keeps the app shell for offline reloads (client/offline/sw.ts,
 * built to /sw.js). Plain navigator.serviceWorker, so no Workbox code is in the page's bundle.
 * Without it (an old browser, or `npm run dev`, which builds no /sw.js) the app works as before,
 * online.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  // After the page has loaded and once the browser is idle, so installing (downloading the whole
  // shell again, every page's chunk included) never competes with the page's start: the load
  // event comes when the scripts have arrived, while the document page is still being made.
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  const whenIdle = () => ('requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 3000 }) : setTimeout(register, 1000))
  if (document.readyState === 'complete') whenIdle()
  else window.addEventListener('load', whenIdle, { once: true })
}
