/**
 * The script-tag build of @moon-key/core, into dist/cdn/:
 *
 * - moonkey.global.js  minified IIFE exposing `window.MoonKey` (all deps bundled)
 * - moonkey.esm.js     the same as an ES module, for `<script type="module">`
 * - moonkey-modal.js   the login modal, loaded lazily by `start()` from either
 *
 * esbuild cannot split an IIFE, so the client's `loadModal` is swapped for
 * src/load-modal.cdn.ts, which imports the sibling file by the URL of the
 * script that is running (a classic script from another origin resolves a
 * relative `import()` against about:blank).
 */
import { mkdir, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions, type Plugin } from 'esbuild'

import { MODAL_FILE } from '../src/load-modal.cdn.ts'

export { MODAL_FILE }

const root = fileURLToPath(new URL('..', import.meta.url))
export const cdnDir = `${root}dist/cdn`

const lazyModal: Plugin = {
  name: 'moonkey-lazy-modal',
  setup(b) {
    b.onResolve({ filter: /(^|\/)load-modal(\.ts)?$/ }, () => ({ path: `${root}src/load-modal.cdn.ts` }))
  },
}

const shared: BuildOptions = {
  bundle: true,
  minify: true,
  target: 'es2020',
  platform: 'browser',
  legalComments: 'none',
  conditions: ['moonkey-source'],
  logLevel: 'warning',
}

/** Builds the three files into `outDir` (default dist/cdn); returns their paths. */
export async function buildCdn(outDir = cdnDir): Promise<{ iife: string; esm: string; modal: string }> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const entry = `${root}src/cdn.ts`
  const out = {
    iife: `${outDir}/moonkey.global.js`,
    esm: `${outDir}/moonkey.esm.js`,
    modal: `${outDir}/${MODAL_FILE}`,
  }
  await Promise.all([
    build({ ...shared, entryPoints: [entry], outfile: out.iife, format: 'iife', globalName: 'MoonKey', plugins: [lazyModal] }),
    build({ ...shared, entryPoints: [entry], outfile: out.esm, format: 'esm', plugins: [lazyModal] }),
    build({ ...shared, entryPoints: [`${root}src/modal/index.ts`], outfile: out.modal, format: 'esm' }),
  ])
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildCdn()
  console.log(`Built ${Object.values(out).join(', ')}`)
}
