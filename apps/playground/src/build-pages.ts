import { fileURLToPath } from 'node:url'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import vue from '@vitejs/plugin-vue'
import { build, defaultClientConditions, type PluginOption } from 'vite'

import { FRAMEWORKS, pagesDir as outDir } from './paths.ts'

const sourceDir = fileURLToPath(new URL('../pages', import.meta.url))

/** The Vite plugins each page needs (React's JSX is esbuild's own). */
const plugins: Record<(typeof FRAMEWORKS)[number], () => PluginOption[]> = {
  react: () => [],
  vue: () => [vue()],
  svelte: () => [svelte({ configFile: false })],
}

/**
 * Builds the React, Vue and Svelte pages (pages/<name>/) into dist/pages/<name>/
 * with base `/<name>/`. The bindings and the core come from their TypeScript
 * sources (the `moonkey-source` condition), so nothing needs building first.
 *
 * @example
 * await buildPages()
 */
export async function buildPages(): Promise<void> {
  for (const name of FRAMEWORKS) {
    await build({
      configFile: false,
      logLevel: 'error', // not the notes about /config.js and /style.css, which the server serves
      root: `${sourceDir}/${name}`,
      base: `/${name}/`,
      publicDir: false,
      plugins: plugins[name](),
      resolve: { conditions: ['moonkey-source', ...defaultClientConditions] },
      esbuild: { jsx: 'automatic' },
      build: { outDir: `${outDir}/${name}`, emptyOutDir: true, sourcemap: true },
    })
  }
}
