// The script-tag build served from a second origin (a CDN), on a page of the
// first, with and without `crossorigin`, with and without a strict
// Content-Security-Policy (no 'unsafe-inline', Trusted Types enforced).
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sdkDir } from '../src/paths.ts'
import { modal, screenshot, startStack, waitForCode, type Stack } from './stack.ts'

interface Site {
  url: string
  close(): Promise<void>
}

/** A tiny static server on 127.0.0.1 and a free port (a second origin for each call). */
function serve(handler: (path: string) => Promise<{ body: string; headers: Record<string, string> } | null>): Promise<Site> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    handler(path).then(
      (file) => {
        if (!file) return res.writeHead(404).end()
        res.writeHead(200, { 'Cache-Control': 'no-store', ...file.headers }).end(file.body)
      },
      () => res.writeHead(500).end(),
    )
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

const js = { 'Content-Type': 'text/javascript; charset=utf-8' }

/**
 * The core README's script-tag snippet, as a file of the page's own origin (CSP allows no inline script),
 * with the wallets in the modal too (their module is the CDN's lazy moonkey-wallet.js).
 */
const APP = `
const { apiUrl, publishableKey, nonce } = window.MOONKEY_TEST
const moonkey = MoonKey.createMoonKey({ publishableKey, apiUrl, config: { nonce, loginMethods: ['email', 'wallet'] } })
moonkey.$state.subscribe(({ ready, isAuthenticated, user }) => {
  document.querySelector('#welcome').textContent = ready && isAuthenticated ? \`Welcome, \${user.email}!\` : ''
})
document.querySelector('#login').onclick = () => moonkey.start()
`

interface Case {
  name: string
  crossorigin: boolean
  /** A Content-Security-Policy header (CDN and API origins filled in), or none. */
  csp?: (origins: { cdn: string; api: string }) => string
  /** `config.nonce` of createMoonKey. */
  nonce?: string
  /** Runs before the page: e.g. hide constructable stylesheets, as in browsers without them. */
  init?: () => void
}

// Wallets hand over their icons as data: URIs: img-src allows them.
const strict = ({ cdn, api }: { cdn: string; api: string }): string =>
  `default-src 'self'; style-src 'self'; script-src 'self' ${cdn}; connect-src 'self' ${api}; img-src 'self' data:; ` +
  `require-trusted-types-for 'script'; trusted-types 'none'`

const CASES: Case[] = [
  { name: 'no crossorigin', crossorigin: false },
  { name: 'crossorigin="anonymous"', crossorigin: true },
  { name: 'no crossorigin, strict CSP', crossorigin: false, csp: strict },
  { name: 'crossorigin="anonymous", strict CSP', crossorigin: true, csp: strict },
  {
    // Browsers without constructable stylesheets (Safari before 16.4): the
    // modal's <style> carries `config.nonce`, which the CSP allows.
    name: 'no constructable stylesheets, CSP with a style nonce',
    crossorigin: false,
    csp: (origins) => strict(origins).replace("style-src 'self'", "style-src 'self' 'nonce-m00nk3y'"),
    nonce: 'm00nk3y',
    init: () => {
      delete (ShadowRoot.prototype as Partial<ShadowRoot>).adoptedStyleSheets
    },
  },
]

describe('the script-tag build from another origin in Chromium', () => {
  let stack: Stack
  let cdn: Site
  let app: Site
  let current: Case
  let context: BrowserContext | undefined
  let n = 0
  let testWallet: string

  beforeAll(async () => {
    stack = await startStack()
    // The emulator's test wallet, injected as an extension would be (not subject to the page's CSP).
    testWallet = await (await fetch(`${stack.emulator.url}/emulator/test-wallet.js`)).text()
    // The CDN sends `Access-Control-Allow-Origin: *`, as public CDNs (jsDelivr, unpkg) do.
    cdn = await serve(async (path) => {
      if (!/^\/[\w.-]+\.js$/.test(path)) return null
      const body = await readFile(join(sdkDir, path), 'utf8').catch(() => null)
      return body === null ? null : { body, headers: { ...js, 'Access-Control-Allow-Origin': '*' } }
    })
    app = await serve(async (path) => {
      const origins = { cdn: cdn.url, api: stack.emulator.url }
      const csp: Record<string, string> = current.csp ? { 'Content-Security-Policy': current.csp(origins) } : {}
      if (path === '/app.js') return { body: APP, headers: { ...js, ...csp } }
      if (path === '/config.js') {
        const config = { apiUrl: stack.emulator.url, publishableKey: stack.emulator.publishableKey, nonce: current.nonce }
        return { body: `window.MOONKEY_TEST = ${JSON.stringify(config)}`, headers: { ...js, ...csp } }
      }
      if (path === '/favicon.ico') return { body: '', headers: { 'Content-Type': 'image/x-icon' } }
      if (path !== '/') return null
      const attr = current.crossorigin ? ' crossorigin="anonymous"' : ''
      const body = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>MoonKey from a CDN</title>
  <script src="${cdn.url}/moonkey.global.js"${attr}></script>
</head>
<body>
  <h1>A page of its own origin</h1>
  <p>It loads MoonKey's script-tag build from another origin.</p>
  <p id="welcome"></p>
  <button id="login" type="button">Log in</button>
  <script src="/config.js"></script>
  <script src="/app.js"></script>
</body>
</html>`
      return { body, headers: { 'Content-Type': 'text/html; charset=utf-8', ...csp } }
    })
  })
  afterEach(async () => {
    await context?.close()
    context = undefined
  })
  afterAll(async () => {
    await app?.close()
    await cdn?.close()
    await stack?.close()
  })

  /** Opens the page with `c`; collects CSP violations and console errors from the first script on. */
  async function open(c: Case): Promise<Page> {
    current = c
    context = await stack.browser.newContext({ viewport: { width: 800, height: 600 } })
    const page = await context.newPage()
    await page.addInitScript(() => {
      const seen: string[] = ((window as any).__violations = [])
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      )
    })
    if (c.init) await page.addInitScript(c.init)
    await page.addInitScript({ content: testWallet })
    await page.goto(`${app.url}/`)
    return page
  }

  it.each(CASES)('$name: start() opens a styled modal, reads a wrong code\'s error and logs in, with no CSP violation', async (c) => {
    const page = await open(c)
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    page.on('pageerror', (e) => errors.push(e.message))

    await page.getByRole('button', { name: 'Log in' }).click()
    const dialog = modal(page, '[role="dialog"]')
    await dialog.waitFor()

    // Styled: the overlay is fixed and covers the whole viewport, the dialog is a card.
    const backdrop = modal(page, '[part="backdrop"]')
    expect(await backdrop.boundingBox()).toEqual({ x: 0, y: 0, width: 800, height: 600 })
    expect(await backdrop.evaluate((el) => getComputedStyle(el).position)).toBe('fixed')
    expect(await modal(page).evaluate((el) => getComputedStyle(el).zIndex)).toBe('2147483647')
    expect(await dialog.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)')
    const box = (await dialog.boundingBox())!
    expect(box.width).toBeLessThan(800)
    expect(box.x).toBeGreaterThan(0)
    // The wallets: the lazy wallet file from the CDN lists the test wallet's two, icons shown.
    const wallets = modal(page, '[part="wallet-button"]')
    await expect.poll(() => wallets.count()).toBe(2)
    const icons = modal(page, '[part="wallet-icon"]')
    expect(await icons.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth > 0))).toEqual([true, true])
    await screenshot(page, `cross-origin-${++n}-${c.name.replace(/\W+/g, '-').replace(/-$/, '')}`)

    const email = `cdn-${n}@example.com`
    await modal(page, 'input[name="email"]').fill(email)
    await modal(page, 'input[name="email"]').press('Enter')
    const code = await waitForCode(stack, email)
    // A wrong code first: its error answer is read by moonkey-api-error.js, loaded from the CDN then.
    await modal(page, 'input[name="code"]').fill(code === '000000' ? '111111' : '000000')
    await expect.poll(() => modal(page, '[role="alert"]').textContent()).toContain('That code is not right.')
    await modal(page, 'input[name="code"]').fill(code)
    await expect.poll(() => page.locator('#welcome').textContent()).toBe(`Welcome, ${email}!`)

    expect(await page.evaluate(() => (window as any).__violations)).toEqual([])
    // (Chromium logs the wrong code's 400 answer itself.)
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([])
  })
})
