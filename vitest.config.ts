import { defineConfig } from 'vitest/config'

/** Tests run against real servers, real SQLite files and real Chromium, one file at a time. */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
})
