/**
 * Registers the service worker that keeps the app shell for offline reloads (client/offline/sw.ts,
 * built to /sw.js). Plain navigator.serviceWorker, so no Workbox code is in the page's bundle.
 * Without it (an old browser, or `npm run dev`, which builds no /sw.js) the app works as before,
 * online.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  // After the page has loaded, so installing (downloading the shell again) never competes with it.
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined)
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}
