import { defineConfig } from 'tsup'

import pkg from './package.json' with { type: 'json' }

/**
 * One entry per `exports` entry of package.json, named after its dist file:
 * `./locales/de` → `locales/de` from `src/locales/de.ts`. The locale packs are
 * entries of their own, so English-only apps never load them.
 */
const entry = Object.fromEntries(
  Object.values(pkg.exports as Record<string, unknown>).flatMap((target) => {
    const { default: file, 'moonkey-source': source } = (target ?? {}) as Record<string, string | undefined>
    return file?.startsWith('./dist/') && source ? [[file.slice(7, -3), source]] : []
  }),
)

export default defineConfig({
  entry,
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
})
