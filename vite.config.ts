import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// Sibling packages resolve to their TypeScript sources through the
// `moonkey-source` export condition, so tests need no prebuild.
const source = 'moonkey-source'

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [source, ...defaultServerConditions] } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'emulator', root: 'apps/emulator', environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'core', root: 'packages/core', environment: 'happy-dom' },
      },
      {
        extends: true,
        test: { name: 'server', root: 'packages/server', environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'playground', root: 'apps/playground', environment: 'node', include: ['src/**/*.test.ts'] },
      },
      {
        // Real Chromium against the built playground and a real emulator.
        extends: true,
        test: {
          name: 'e2e',
          root: 'apps/playground',
          environment: 'node',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
