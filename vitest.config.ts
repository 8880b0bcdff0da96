import { defineConfig } from 'vitest/config'

/** Tests run against real servers, real SQLite files and real Chromium, one file at a time. */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // i18next-icu's ES build default-imports intl-messageformat, whose Node entry is CommonJS: bundled
    // by Vite (as the browser gets it), ICU plurals and selects format in unit tests too.
    server: { deps: { inline: ['i18next-icu', 'intl-messageformat'] } },
  },
})
