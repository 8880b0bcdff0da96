import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy next to every built HTML, JS, CSS and SVG file, at the
 * highest levels, once at build time; the server sends whichever the browser accepts.
 */
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'plenary-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle() {
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      for (const file of walk(outDir).filter((f) => /\.(html|js|css|svg)$/.test(f))) {
        const data = fs.readFileSync(file)
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }))
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }))
      }
    },
  }
}

/**
 * The service worker (client/offline/sw.ts), built on its own with the list of files to precache:
 * the app shell only (index.html, the hashed JS and CSS, the favicon), never source maps or the
 * .br/.gz copies. The page registers it itself (client/offline/registerServiceWorker.ts), so no
 * Workbox code goes into the main bundle, and there is no web app manifest.
 */
function serviceWorker(): Plugin[] {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'offline',
    filename: 'sw.ts',
    injectRegister: false,
    manifest: false,
    injectManifest: { globPatterns: ['**/*.{html,js,css,svg}'], globIgnores: ['sw.js'] },
  })
}

/** The browser client lives in client/ and is built to dist/client, which the Node server serves. */
export default defineConfig({
  root: 'client',
  plugins: [react(), serviceWorker(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    // The document page loads three files: the entry (the app and the editor page), the libraries
    // (React, Tiptap/ProseMirror, Yjs, i18next: all of them the editor needs at first paint) and
    // the app's modules that the pages loaded later share with it; each other page (lists,
    // history, compare, feedback, moderation, members, tokens) and each interface language other
    // than English is a chunk of its own, fetched when first needed (React.lazy / import()).
    // Without these groups rolldown cuts the shared code into a dozen small chunks by importer.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'libraries', test: /[\\/]node_modules[\\/]/, priority: 2 },
            { name: 'shared', test: /[\\/](client|shared)[\\/]/, minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/collab': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
})
