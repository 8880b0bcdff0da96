import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

/** The browser client lives in client/ and is built to dist/client, which the Node server serves. */
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/collab': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
})
