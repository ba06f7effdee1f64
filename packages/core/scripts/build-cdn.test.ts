// @vitest-environment node
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { brotliCompressSync, constants } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import pkg from '../package.json' with { type: 'json' }
import { API_ERROR_FILE, buildCdn, COOKIES_FILE, MODAL_FILE, OAUTH_FILE, WALLET_FILE } from './build-cdn.ts'

const brotli = (code: string): number =>
  brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
const kB = (bytes: number): string => (bytes / 1000).toFixed(2)

let files: { iife: string; esm: string; modal: string; wallet: string; oauth: string; apiError: string; cookies: string }
let outDir: string
beforeAll(async () => {
  // A directory of its own: the browser suite serves dist/cdn meanwhile.
  outDir = await mkdtemp(join(tmpdir(), 'moonkey-cdn-'))
  const out = await buildCdn(outDir)
  files = {
    iife: await readFile(out.iife, 'utf8'),
    esm: await readFile(out.esm, 'utf8'),
    modal: await readFile(out.modal, 'utf8'),
    wallet: await readFile(out.wallet, 'utf8'),
    oauth: await readFile(out.oauth, 'utf8'),
    apiError: await readFile(out.apiError, 'utf8'),
    cookies: await readFile(out.cookies, 'utf8'),
  }
}, 30_000)
afterAll(() => rm(outDir, { recursive: true, force: true }))

describe('the script-tag build', () => {
  it('exposes window.MoonKey with the client factory, the errors and the version', () => {
    // A bare JavaScript realm with the web platform's basics, but no window.
    const { TextEncoder, TextDecoder, URL, Headers, Request, Response, AbortController, AbortSignal, ReadableStream, fetch, atob, btoa } = globalThis
    const context: Record<string, any> = { TextEncoder, TextDecoder, URL, Headers, Request, Response, AbortController, AbortSignal, ReadableStream, fetch, atob, btoa, console, setTimeout, clearTimeout, queueMicrotask }
    runInNewContext(files.iife, context)
    expect(Object.keys(context.MoonKey).sort()).toEqual(['MoonKeyError', 'createMoonKey', 'isMoonKeyError', 'version'])
    expect(context.MoonKey.version).toBe(pkg.version)
    // Outside a browser it behaves as on a server: no throw, never ready.
    const client = context.MoonKey.createMoonKey({ publishableKey: 'pk_test_cdn' })
    expect(client.$state.get()).toMatchObject({ ready: false, isAuthenticated: false })
    expect(context.MoonKey.isMoonKeyError(new context.MoonKey.MoonKeyError('timeout', 'x'))).toBe(true)
    client.destroy()
  })

  it('loads the modal lazily from the file next to it, in the IIFE and the ES module', () => {
    for (const code of [files.iife, files.esm]) {
      // By the running script's URL (a cross-origin classic script resolves `import()`
      // against about:blank; apps/playground/e2e/cross-origin.e2e.test.ts proves it in Chromium).
      expect(code).toContain('document.currentScript')
      expect(code).toContain(`"${MODAL_FILE}"`)
      expect(code).not.toContain('moonkey-login-modal') // the custom element lives in the chunk
    }
    expect(files.modal).toContain('moonkey-login-modal')
    expect(files.modal).toMatch(/export\s*\{[^}]*openLoginModal/)
    // Its wallet list asks the client (getWallets): discovery and signing stay in the wallet file.
    expect(files.modal).toContain('wallet-button')
    expect(files.modal).not.toContain('eip6963')
    expect(files.modal).not.toContain('solana:signMessage')
  })

  it('loads the wallet login lazily from the file next to it, in the IIFE and the ES module', () => {
    for (const code of [files.iife, files.esm]) {
      expect(code).toContain(`"${WALLET_FILE}"`) // by the running script's URL, as the modal
      expect(code).not.toContain(`import("./${WALLET_FILE}")`)
      expect(code).not.toContain('eip6963:requestProvider') // discovery lives in the chunk
    }
    expect(files.wallet).toContain('eip6963:requestProvider')
    expect(files.wallet).toMatch(/export\s*\{[^}]*startWalletLogin/)
    expect(brotli(files.wallet)).toBeLessThanOrEqual(10_000)
  })

  it('loads the OAuth login lazily from the file next to it, a chunk with no copy of the core', () => {
    for (const code of [files.iife, files.esm]) {
      expect(code).toContain(`"${OAUTH_FILE}"`) // by the running script's URL, as the modal
      expect(code).not.toContain(`import("./${OAUTH_FILE}")`)
      expect(code).not.toContain('v1/auth/oauth/verify') // lives in the chunk
    }
    expect(files.oauth).toContain('v1/auth/oauth/verify')
    expect(files.oauth).toMatch(/export\s*\{[^}]*runOAuth/)
    // No ky, nanostores or error class of its own: it uses the client's.
    expect(files.oauth).not.toContain('class ')
    expect(brotli(files.oauth)).toBeLessThanOrEqual(2_000)
  })

  it('loads the session cookies lazily from the file next to it, a chunk with no copy of the core', () => {
    for (const code of [files.iife, files.esm]) {
      expect(code).toContain(`"${COOKIES_FILE}"`)
      expect(code).not.toContain(`import("./${COOKIES_FILE}")`)
      expect(code).not.toContain('moonkey_session_token') // lives in the chunk
    }
    expect(files.cookies).toContain('moonkey_session_token')
    expect(files.cookies).toMatch(/export\s*\{[^}]*trackCookies/)
    expect(files.cookies).not.toContain('class ')
    expect(brotli(files.cookies)).toBeLessThanOrEqual(500)
  })

  it('reads API error answers with a file loaded on the first one, with no copy of the core', () => {
    for (const code of [files.iife, files.esm]) {
      expect(code).toContain(`"${API_ERROR_FILE}"`) // by the running script's URL, as the modal
      expect(code).not.toContain('invalid_otp_format') // the mapping lives in the chunk
    }
    expect(files.apiError).toContain('invalid_otp_format')
    expect(files.apiError).toMatch(/export\s*\{[^}]*fromErrorAnswer/)
    expect(files.apiError).not.toContain('class ')
    expect(brotli(files.apiError)).toBeLessThanOrEqual(600)
  })

  it('keeps its budgets (brotli): IIFE ≤ 11.0 KB without the modal, modal ≤ 8 KB; the README says so', async () => {
    const iife = brotli(files.iife)
    const modal = brotli(files.modal)
    expect(iife).toBeLessThanOrEqual(11_000)
    expect(modal).toBeLessThanOrEqual(8_000)
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const stated = (file: string) => new RegExp(`\`${file}\` \\*\\*([\\d.]+) kB\\*\\*`).exec(readme)?.[1]
    expect(stated('moonkey.global.js'), 'README states the IIFE size').toBe(kB(iife))
    expect(stated(MODAL_FILE), 'README states the modal size').toBe(kB(modal))
  })
})
