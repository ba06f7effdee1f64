/**
 * The script-tag build of @moon-key/core, into dist/cdn/:
 *
 * - moonkey.global.js  minified IIFE exposing `window.MoonKey` (all deps bundled)
 * - moonkey.esm.js     the same as an ES module, for `<script type="module">`
 * - moonkey-modal.js   the login modal, loaded lazily by `start()` from either
 * - moonkey-oauth.js   the OAuth login, loaded lazily by `loginWithOAuth()` and on
 *                      the page load that returns from the provider
 *
 * esbuild cannot split an IIFE, so these imports are kept external and
 * pointed at the sibling files: a dynamic `import()` in a classic script
 * resolves against the script's own URL. Neither chunk imports the core at
 * run time (the OAuth code gets the error class from the client), so nothing
 * is bundled twice.
 */
import { mkdir, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions, type Plugin } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
export const cdnDir = `${root}dist/cdn`
export const MODAL_FILE = 'moonkey-modal.js'
export const OAUTH_FILE = 'moonkey-oauth.js'

const lazyChunks: Plugin = {
  name: 'moonkey-lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /(^|\/)(modal|oauth)\/index(\.ts)?$/ }, (args) => ({
      path: `./${args.path.includes('modal') ? MODAL_FILE : OAUTH_FILE}`,
      external: true,
    }))
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
export async function buildCdn(outDir = cdnDir): Promise<{ iife: string; esm: string; modal: string; oauth: string }> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const entry = `${root}src/cdn.ts`
  const out = {
    iife: `${outDir}/moonkey.global.js`,
    esm: `${outDir}/moonkey.esm.js`,
    modal: `${outDir}/${MODAL_FILE}`,
    oauth: `${outDir}/${OAUTH_FILE}`,
  }
  await Promise.all([
    build({ ...shared, entryPoints: [entry], outfile: out.iife, format: 'iife', globalName: 'MoonKey', plugins: [lazyChunks] }),
    build({ ...shared, entryPoints: [entry], outfile: out.esm, format: 'esm', plugins: [lazyChunks] }),
    build({ ...shared, entryPoints: [`${root}src/modal/index.ts`], outfile: out.modal, format: 'esm' }),
    build({ ...shared, entryPoints: [`${root}src/oauth/index.ts`], outfile: out.oauth, format: 'esm' }),
  ])
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildCdn()
  console.log(`Built ${Object.values(out).join(', ')}`)
}
