import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Its own Vitest invocation (root `test:consumer`), after the unit and browser
// suites: it packs the packages and installs them from the npm registry into
// apps in a temporary directory, so it never shares a run with the fast suites.
export default defineConfig({
  test: {
    name: 'consumer',
    // The root stays the directory it runs from (the repo root), where the
    // scripts' --outputFile paths point.
    dir: fileURLToPath(new URL('./src', import.meta.url)),
    include: ['**/*.test.ts'],
    environment: 'node',
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
})
