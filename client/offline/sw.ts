/// <reference lib="webworker" />
/**
 * Plenary's service worker: the app shell (index.html, the hashed JS and CSS, the favicon) is
 * precached at install, so a page opened before reloads without a network; documents themselves
 * come from y-indexeddb, as they always did. Only what the build lists is ever cached: API answers
 * (/api/*) and the collaboration socket (/collab) pass through untouched and never reach a cache, so
 * nothing confidential is kept by the service worker.
 */
import { clientsClaim } from 'workbox-core'
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> }

// A new deploy takes over at once: navigations are network-first, so the next page load gets the
// new index.html anyway, and an open page keeps the code it started with until then.
void self.skipWaiting()
clientsClaim()

// Navigations first (routes match in the order they are registered): the network, so a deploy is
// picked up online, and the precached index.html only when the network fails. The app routes with
// the hash, so every page is index.html. API downloads (exports) are navigations too: left alone.
registerRoute(
  new NavigationRoute(
    async ({ request }) => {
      try {
        return await fetch(request)
      } catch {
        return (await matchPrecache('index.html')) ?? Response.error()
      }
    },
    { denylist: [/^\/api\//, /^\/collab/, /^\/healthz/] },
  ),
)

// The hashed assets, cache-first: a file name changes whenever its content does. (Its "/" to
// index.html mapping never sees a navigation: the route above answers those first.)
precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()
