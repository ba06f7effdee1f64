/**
 * The script-tag build of @moon-key/core, into dist/cdn/:
 *
 * - moonkey.global.js  minified IIFE exposing `window.MoonKey` (all deps bundled)
 * - moonkey.esm.js     the same as an ES module, for `<script type="module">`
 * - moonkey-modal.js   the login modal, loaded lazily by `start()` from either
 * - moonkey-wallet.js  the wallet login (discovery, SIWE/SIWS, signing), loaded
 *                      lazily by `$walletLogin`, `getWallets()` and `loginWithWallet()`
 * - moonkey-oauth.js   the OAuth login, loaded lazily by `loginWithOAuth()` and on
 *                      the page load that returns from the provider
 * - moonkey-api-error.js  reads the API's error answers, loaded lazily on the first one
 * - moonkey-cookies.js the session cookies, loaded when the `cookies` option is on
 *
 * esbuild cannot split an IIFE, so each lazy `import()` of the sources (the
 * modal and the OAuth login in client.ts, the wallet login in login/wallet.ts) becomes
 * `import(lazyUrl(file))` (src/lazy-url.cdn.ts): the sibling file by the URL
 * of the script that is running, since a classic script from another origin
 * resolves a relative `import()` against about:blank. The npm build keeps the
 * plain `import()` and pays nothing for this. The OAuth and cookies chunks do not
 * import the core at run time (they get the error class from the client), so
 * nothing is bundled twice.
 */
import { readFile, mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions, type Plugin } from 'esbuild'

import { API_ERROR_FILE, COOKIES_FILE, MODAL_FILE, OAUTH_FILE, WALLET_FILE } from '../src/lazy-url.cdn.ts'

export { API_ERROR_FILE, COOKIES_FILE, MODAL_FILE, OAUTH_FILE, WALLET_FILE }

const root = fileURLToPath(new URL('..', import.meta.url))
export const cdnDir = `${root}dist/cdn`

/** Each source file's lazy `import()`s, and the file each loads in the script-tag build. */
const LAZY = [
  { source: /[\\/]src[\\/]client\.ts$/, call: "import('./modal/index.ts')", file: MODAL_FILE, from: './lazy-url.cdn.ts' },
  { source: /[\\/]src[\\/]client\.ts$/, call: "import('./oauth/index.ts')", file: OAUTH_FILE, from: './lazy-url.cdn.ts' },
  { source: /[\\/]src[\\/]client\.ts$/, call: "import('./cookies.ts')", file: COOKIES_FILE, from: './lazy-url.cdn.ts' },
  { source: /[\\/]src[\\/]login[\\/]wallet\.ts$/, call: "import('../wallet/index.ts')", file: WALLET_FILE, from: '../lazy-url.cdn.ts' },
  { source: /[\\/]src[\\/]http\.ts$/, call: "import('./api-error.ts')", file: API_ERROR_FILE, from: './lazy-url.cdn.ts' },
]

const lazyFiles: Plugin = {
  name: 'moonkey-lazy-files',
  setup(b) {
    // One onLoad per source file (esbuild takes the first that answers), rewriting all its calls.
    const bySource = new Map<string, { source: RegExp; from: string; calls: { call: string; file: string }[] }>()
    for (const { source, call, file, from } of LAZY) {
      const entry = bySource.get(source.source) ?? { source, from, calls: [] }
      entry.calls.push({ call, file })
      bySource.set(source.source, entry)
    }
    for (const { source, from, calls } of bySource.values()) {
      b.onLoad({ filter: source }, async ({ path }) => {
        let code = await readFile(path, 'utf8')
        for (const { call, file } of calls) {
          if (!code.includes(call)) throw new Error(`${path} has no ${call} any more: update scripts/build-cdn.ts`)
          code = code.replace(call, `import(lazyUrl(${JSON.stringify(file)}))`)
        }
        return { loader: 'ts', resolveDir: dirname(path), contents: `import { lazyUrl } from '${from}'\n${code}` }
      })
    }
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

/** Builds the seven files into `outDir` (default dist/cdn); returns their paths. */
export async function buildCdn(
  outDir = cdnDir,
): Promise<{ iife: string; esm: string; modal: string; wallet: string; oauth: string; apiError: string; cookies: string }> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const entry = `${root}src/cdn.ts`
  const out = {
    iife: `${outDir}/moonkey.global.js`,
    esm: `${outDir}/moonkey.esm.js`,
    modal: `${outDir}/${MODAL_FILE}`,
    wallet: `${outDir}/${WALLET_FILE}`,
    oauth: `${outDir}/${OAUTH_FILE}`,
    apiError: `${outDir}/${API_ERROR_FILE}`,
    cookies: `${outDir}/${COOKIES_FILE}`,
  }
  await Promise.all([
    build({ ...shared, entryPoints: [entry], outfile: out.iife, format: 'iife', globalName: 'MoonKey', plugins: [lazyFiles] }),
    build({ ...shared, entryPoints: [entry], outfile: out.esm, format: 'esm', plugins: [lazyFiles] }),
    build({ ...shared, entryPoints: [`${root}src/modal/index.ts`], outfile: out.modal, format: 'esm' }),
    build({ ...shared, entryPoints: [`${root}src/wallet/index.ts`], outfile: out.wallet, format: 'esm' }),
    build({ ...shared, entryPoints: [`${root}src/oauth/index.ts`], outfile: out.oauth, format: 'esm' }),
    build({ ...shared, entryPoints: [`${root}src/api-error.ts`], outfile: out.apiError, format: 'esm' }),
    build({ ...shared, entryPoints: [`${root}src/cookies.ts`], outfile: out.cookies, format: 'esm' }),
  ])
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildCdn()
  console.log(`Built ${Object.values(out).join(', ')}`)
}
