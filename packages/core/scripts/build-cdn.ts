/**
 * The script-tag build of @moon-key/core, into dist/cdn/:
 *
 * - moonkey.global.js  minified IIFE exposing `window.MoonKey` (all deps bundled)
 * - moonkey.esm.js     the same as an ES module, for `<script type="module">`
 * - moonkey-modal.js   the login modal, loaded lazily by `start()` from either
 * - moonkey-wallet.js  the wallet login (discovery, SIWE/SIWS, signing), loaded
 *                      lazily by `$walletLogin`, `getWallets()` and `loginWithWallet()`
 *
 * esbuild cannot split an IIFE, so the modal import is kept external and
 * pointed at the sibling file: a dynamic `import()` in a classic script
 * resolves against the script's own URL.
 */
import { mkdir, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions, type Plugin } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
export const cdnDir = `${root}dist/cdn`
export const MODAL_FILE = 'moonkey-modal.js'
export const WALLET_FILE = 'moonkey-wallet.js'

const lazyModal: Plugin = {
  name: 'moonkey-lazy-modal',
  setup(b) {
    b.onResolve({ filter: /(^|\/)modal\/index(\.ts)?$/ }, () => ({
      path: `./${MODAL_FILE}`,
      external: true,
    }))
    b.onResolve({ filter: /(^|\/)wallet\/index(\.ts)?$/ }, () => ({
      path: `./${WALLET_FILE}`,
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

/** Builds the four files into `outDir` (default dist/cdn); returns their paths. */
export async function buildCdn(outDir = cdnDir): Promise<{ iife: string; esm: string; modal: string; wallet: string }> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const entry = `${root}src/cdn.ts`
  const out = {
    iife: `${outDir}/moonkey.global.js`,
    esm: `${outDir}/moonkey.esm.js`,
    modal: `${outDir}/${MODAL_FILE}`,
    wallet: `${outDir}/${WALLET_FILE}`,
  }
  await Promise.all([
    build({ ...shared, entryPoints: [entry], outfile: out.iife, format: 'iife', globalName: 'MoonKey', plugins: [lazyModal] }),
    build({ ...shared, entryPoints: [entry], outfile: out.esm, format: 'esm', plugins: [lazyModal] }),
    build({ ...shared, entryPoints: [`${root}src/modal/index.ts`], outfile: out.modal, format: 'esm' }),
    build({ ...shared, entryPoints: [`${root}src/wallet/index.ts`], outfile: out.wallet, format: 'esm' }),
  ])
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildCdn()
  console.log(`Built ${Object.values(out).join(', ')}`)
}
