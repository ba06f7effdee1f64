import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import type { APIResponse, Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { launchChromium } from '../browser.ts'
import { EXAMPLES, startExample, type RunningExample } from './run-example.ts'

const JWT_COOKIE = 'moonkey_session'
const TOKEN_COOKIE = 'moonkey_session_token'
// Production builds print React's hydration errors minified (#418, #423, #425).
const HYDRATION = /hydrat|mismatch|did not match|#418|#423|#425/i

describe.each(EXAMPLES)('$name example, built for production, against the emulator', (example) => {
  let skewMs = 0 // the emulator's clock, set back to mint an already expired JWT
  let emulator: RunningEmulator
  let app: RunningExample
  let browser: Browser
  let context: BrowserContext
  const warnings: string[] = []

  beforeAll(async () => {
    emulator = await startEmulator({ memory: true, port: 0, log: () => {}, now: () => Date.now() + skewMs })
    app = await startExample(example, emulator)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await emulator?.close()
  })
  beforeEach(async () => {
    context = await browser.newContext()
    const collect = (message: ConsoleMessage) => {
      if (message.type() === 'error' || message.type() === 'warning') warnings.push(message.text())
    }
    context.on('console', collect)
    context.on('weberror', (error) => warnings.push(String(error.error())))
  })
  afterEach(async () => {
    await context.close()
    const hydration = warnings.splice(0).filter((text) => HYDRATION.test(text))
    expect(hydration, 'hydration warnings in the browser console').toEqual([])
  })

  const get = (path: string): Promise<APIResponse> => context.request.get(app.url + path, { maxRedirects: 0 })

  async function expectRedirectToSignIn(path: string): Promise<void> {
    const res = await get(path)
    expect([302, 303, 307]).toContain(res.status())
    expect(new URL(res.headers()['location']!, app.url).pathname).toBe('/sign-in')
  }

  /**
   * Opens `path` in a new tab and checks that hydration kept the server's HTML
   * as it was: the same `<main>` element, and no text ever removed from the
   * page (a re-render or a flash of the other view would remove some).
   */
  async function open(path: string): Promise<Page> {
    const page = await context.newPage()
    await page.addInitScript(() => {
      const w = window as unknown as { __ssrMain: Element | null; __removed: string[] }
      w.__removed = []
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of Array.from(record.removedNodes)) {
            const text = node.textContent?.trim()
            if (text && node.nodeName !== 'SCRIPT') w.__removed.push(text)
          }
        }
      }).observe(document, { childList: true, subtree: true })
      document.addEventListener('DOMContentLoaded', () => (w.__ssrMain = document.querySelector('main')))
    })
    await page.goto(app.url + path)
    await page.waitForLoadState('networkidle')
    const hydrated = await page.evaluate(() => {
      const w = window as unknown as { __ssrMain: Element | null; __removed: string[] }
      return { sameMain: w.__ssrMain === document.querySelector('main'), removed: w.__removed }
    })
    expect(hydrated, `${path} after hydration`).toEqual({ sameMain: true, removed: [] })
    return page
  }

  /** Asks for a protected page, logs in on the sign-in page it redirects to, and lands back on it. */
  async function signIn(email: string): Promise<Page> {
    const page = await open('/dashboard?from=e2e')
    expect(new URL(page.url()).searchParams.get('redirect_url')).toBe('/dashboard?from=e2e')
    await page.getByRole('button', { name: 'Log in' }).click()
    const modal = (selector: string) => page.locator(`moonkey-login-modal ${selector}`)
    await modal('input[name="email"]').fill(email)
    await modal('input[name="email"]').press('Enter')
    await modal('input[name="code"]').waitFor()
    let code: string | undefined
    for (let i = 0; i < 100 && !code; i++) {
      code = emulator.latestCode(email)
      if (!code) await page.waitForTimeout(50)
    }
    await modal('input[name="code"]').fill(code!)
    await page.waitForURL(`${app.url}/dashboard?from=e2e`)
    await page.locator('main', { hasText: `Signed in as ${email}` }).waitFor()
    return page
  }

  async function sessionCookies(): Promise<Record<string, string>> {
    const cookies = await context.cookies(app.url)
    return Object.fromEntries(cookies.filter((c) => c.name.startsWith('moonkey_')).map((c) => [c.name, c.value]))
  }

  it('logged out: / offers to sign in, /dashboard redirects to /sign-in, /api/me answers 401', async () => {
    const home = await get('/')
    expect(home.status()).toBe(200)
    expect(await home.text()).toContain('Sign in')
    await expectRedirectToSignIn('/dashboard')
    expect((await get('/api/me')).status()).toBe(401)
    await open('/')
    await open('/sign-in')
  })

  it('after login the server renders the user: /, /dashboard and /api/me', async () => {
    const email = `ssr-${example.name}@example.com`
    await signIn(email)
    expect(Object.keys(await sessionCookies()).sort()).toEqual([JWT_COOKIE, TOKEN_COOKIE])

    // The raw HTML, before any script runs.
    const home = await get('/')
    expect(home.status()).toBe(200)
    expect(await home.text()).toContain(`Welcome, ${email}`)
    const dashboard = await get('/dashboard')
    expect(dashboard.status()).toBe(200)
    expect(await dashboard.text()).toContain(`Signed in as ${email}`)
    const me = await get('/api/me')
    expect(me.status()).toBe(200)
    expect(await me.json()).toMatchObject({ email })

    // And in the browser: hydrated without a mismatch, never showing the logged-out view.
    const page = await open('/')
    await expect(page.getByText(`Welcome, ${email}`).isVisible()).resolves.toBe(true)
    await open('/dashboard')
  })

  it('an expired JWT cookie with a live session: one request renders logged in and sets a new JWT', async () => {
    const email = `expired-${example.name}@example.com`
    const page = await signIn(email)
    await page.close() // no client left to refresh the cookies
    const { [TOKEN_COOKIE]: sessionToken } = await sessionCookies()

    // A genuine JWT of this session, issued by the emulator with its clock set
    // back 20 minutes: it expired 15 minutes ago (lifetime 5 minutes).
    skewMs = -20 * 60_000
    const verified = await fetch(`${emulator.url}/v1/auth/sessions/verify`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emulator.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ session_token: sessionToken }),
    })
    skewMs = 0
    const { session_jwt: expired } = (await verified.json()) as { session_jwt: string }
    const { exp } = JSON.parse(Buffer.from(expired.split('.')[1]!, 'base64url').toString()) as { exp: number }
    expect(exp * 1000).toBeLessThan(Date.now() - 5 * 60_000)
    await context.addCookies([{ name: JWT_COOKIE, value: expired, url: app.url }])

    const home = await get('/')
    expect(home.status()).toBe(200)
    expect(await home.text()).toContain(`Welcome, ${email}`)
    const setCookies = home.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value)
    const fresh = setCookies.map((c) => c.match(new RegExp(`^${JWT_COOKIE}=([^;]+)`))?.[1]).find(Boolean)
    expect(fresh).toBeDefined()
    expect(fresh).not.toBe(expired)
    expect((await sessionCookies())[JWT_COOKIE]).toBe(fresh)
    expect((await get('/dashboard')).status()).toBe(200)
  })

  it('logout deletes both cookies, and /dashboard redirects again', async () => {
    await signIn(`logout-${example.name}@example.com`)
    const page = await open('/')
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('link', { name: 'Sign in' }).waitFor()
    expect(await sessionCookies()).toEqual({})
    await expectRedirectToSignIn('/dashboard')
  })

  it('logout in another tab deletes both cookies, and /dashboard redirects again', async () => {
    const email = `tabs-${example.name}@example.com`
    await signIn(email)
    const stays = await open('/')
    const other = await open('/')
    await other.getByRole('button', { name: 'Log out' }).click()
    await stays.getByRole('link', { name: 'Sign in' }).waitFor() // the first tab followed
    await stays.waitForTimeout(500) // and wrote nothing back
    expect(await sessionCookies()).toEqual({})
    await expectRedirectToSignIn('/dashboard')
    const home = await get('/')
    expect(await home.text()).not.toContain(email)
  })
})
