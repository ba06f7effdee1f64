/**
 * The script-tag build of @moon-key/core, into dist/cdn/:
 *
 * - moonkey.global.js  minified IIFE exposing `window.MoonKey` (all deps bundled)
 * - moonkey.esm.js     the same as an ES module, for `<script type="module">`
 * - moonkey-modal.js   the login modal, loaded lazily by `start()` from either
 *
 * esbuild cannot split an IIFE, so client.ts's `import('./modal/index.ts')`
 * becomes `import(modalUrl)` (src/modal-url.cdn.ts): the sibling file by the
 * URL of the script that is running, since a classic script from another
 * origin resolves a relative `import()` against about:blank. The npm build
 * keeps the plain `import()` and pays nothing for this.
 */
import { readFile, mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions, type Plugin } from 'esbuild'

import { MODAL_FILE } from '../src/modal-url.cdn.ts'

export { MODAL_FILE }

const root = fileURLToPath(new URL('..', import.meta.url))
export const cdnDir = `${root}dist/cdn`

const MODAL_IMPORT = "import('./modal/index.ts')"

const lazyModal: Plugin = {
  name: 'moonkey-lazy-modal',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]client\.ts$/ }, async ({ path }) => {
      const code = await readFile(path, 'utf8')
      if (!code.includes(MODAL_IMPORT)) throw new Error(`${path} has no ${MODAL_IMPORT} any more: update scripts/build-cdn.ts`)
      return {
        loader: 'ts',
        resolveDir: dirname(path),
        contents: `import { modalUrl } from './modal-url.cdn.ts'\n${code.replace(MODAL_IMPORT, 'import(modalUrl)')}`,
      }
    })
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
