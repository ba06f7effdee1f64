import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

import type { PluginOption } from 'vite'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// Sibling packages resolve to their TypeScript sources through the
// `moonkey-source` export condition, so tests need no prebuild.
const source = 'moonkey-source'

// The Svelte compiler plugin is a dev dependency of packages/svelte only.
const fromSvelte = createRequire(new URL('./packages/svelte/package.json', import.meta.url))
const { svelte } = (await import(
  pathToFileURL(fromSvelte.resolve('@sveltejs/vite-plugin-svelte')).href
)) as { svelte: (options?: object) => PluginOption }

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [source, ...defaultServerConditions] } },
  test: {
    // On CI, also a machine-readable summary (the test scripts name the file)
    // that .ci/run turns into one line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
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
        test: {
          name: 'react',
          root: 'packages/react',
          environment: 'happy-dom',
          // The docs snippets import next/router; Next.js is not installed.
          alias: { 'next/router': new URL('./packages/react/test/next-router.ts', import.meta.url).pathname },
        },
      },
      {
        extends: true,
        test: { name: 'vue', root: 'packages/vue', environment: 'happy-dom' },
      },
      {
        // Svelte components compiled for the browser runtime (`mount`, not SSR).
        extends: true,
        plugins: [svelte({ configFile: false })],
        resolve: { conditions: [source, 'browser', ...defaultClientConditions] },
        test: { name: 'svelte', root: 'packages/svelte', environment: 'happy-dom' },
      },
      {
        // The peer benchmark's harness only (the bench itself is `pnpm bench:peers`).
        extends: true,
        test: { name: 'bench-peers', root: 'apps/bench-peers', environment: 'node' },
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
      {
        // Real Chromium against apps/examples (Next.js, SvelteKit) built for
        // production (the global setup builds the packages and both apps).
        extends: true,
        test: {
          name: 'e2e-examples',
          root: 'apps/playground',
          environment: 'node',
          include: ['e2e/examples/**/*.test.ts'],
          globalSetup: ['e2e/examples/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
