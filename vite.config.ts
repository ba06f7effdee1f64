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
    ],
  },
})
