import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGES } from './pages.ts'
import { modal, openPlayground, screenshot, startStack, type Stack } from './stack.ts'

const CALLBACK_PARAMS = /[?&](token|moonkey_token_type|state|error)=/

describe.each(PAGES)('$name page: Google and Apple login in Chromium', ({ name, path }) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(async () => {
    await stack?.close()
  })

  /** Opens the modal and presses Continue with `provider`. */
  const pick = async (page: Page, provider: 'google' | 'apple'): Promise<void> => {
    await page.getByRole('button', { name: 'Log in' }).click()
    await modal(page, `[part="oauth-button"][data-provider="${provider}"]`).click()
  }

  /** Fills the emulator's provider page (in `page`) and presses Continue. */
  const continueAs = async (page: Page, email: string, options: { hideEmail?: boolean } = {}): Promise<void> => {
    await page.getByLabel('Email', { exact: true }).fill(email)
    await page.getByLabel('Name', { exact: true }).fill('Test User')
    if (options.hideEmail) await page.getByLabel('Hide my email').check()
    await page.getByRole('button', { name: 'Continue' }).click()
  }

  const sessionStatus = async (token: string): Promise<number> => {
    const res = await fetch(`${stack.emulator.url}/v1/auth/sessions/verify`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.emulator.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ session_token: token }),
    })
    return res.status
  }

  /**
   * Logs out and closes the page once the logout has finished: the session revoked,
   * which the client does only after deleting it from storage. Closing the page at
   * once could drop that delete, and the next test's page (same browser context)
   * would start logged in, with no "Log in" button.
   */
  const logOut = async (page: Page): Promise<void> => {
    const tokens = await page.evaluate(() => (window as any).moonkey.getSessionTokens())
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByTestId('logged-out').waitFor()
    await expect.poll(() => sessionStatus(tokens.sessionToken)).toBe(404)
    await page.close()
  }

  it('logs in with Google by redirect, drops the callback parameters, survives a reload, logs out', async () => {
    const page = await openPlayground(stack, path)
    await pick(page, 'google')
    await page.waitForURL(/\/emulator\/oauth\/google\?flow=/)
    await expect(page.title()).resolves.toBe('Sign in with Google')
    await screenshot(page, `${name}-oauth-1-google-provider-page`)
    const email = `ada.${name}@example.com`
    await continueAs(page, email)
    await page.getByTestId('welcome').waitFor()
    await expect(page.getByTestId('welcome').textContent()).resolves.toBe(`Welcome, ${email}!`)
    expect(page.url()).not.toMatch(CALLBACK_PARAMS)
    expect(new URL(page.url()).pathname).toBe(path)

    await page.reload()
    await page.getByTestId('welcome').waitFor()
    const tokens = await page.evaluate(() => (window as any).moonkey.getSessionTokens())
    expect(tokens.sessionToken).toMatch(/^session_/)

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByTestId('logged-out').waitFor()
    await expect.poll(() => sessionStatus(tokens.sessionToken)).toBe(404)
    await page.close()
  })

  it('logs in with Apple by redirect with a hidden email', async () => {
    const page = await openPlayground(stack, path)
    await pick(page, 'apple')
    await page.waitForURL(/\/emulator\/oauth\/apple\?flow=/)
    await continueAs(page, `grace.${name}@example.com`, { hideEmail: true })
    await page.getByTestId('welcome').waitFor()
    await expect(page.getByTestId('welcome').textContent()).resolves.toMatch(/^Welcome, [0-9a-f]{12}@privaterelay\.appleid\.com!$/)
    expect(page.url()).not.toMatch(CALLBACK_PARAMS)
    await logOut(page)
  })

  it('logs in with Google in a popup', async () => {
    const page = await openPlayground(stack, `${path}?oauth=popup`)
    const opened = page.waitForEvent('popup')
    await pick(page, 'google')
    const popup = await opened
    await popup.waitForURL(/\/emulator\/oauth\/google\?flow=/)
    const email = `lin.${name}@example.com`
    const closed = popup.waitForEvent('close')
    await continueAs(popup, email)
    await closed
    await page.getByTestId('welcome').waitFor()
    await expect(page.getByTestId('welcome').textContent()).resolves.toBe(`Welcome, ${email}!`)
    expect(new URL(page.url()).search).toBe('?oauth=popup')
    await logOut(page)
  })

  it('Cancel on the provider page leaves the user logged out, with the reason in the modal', async () => {
    const page = await openPlayground(stack, path)
    await pick(page, 'google')
    await page.waitForURL(/\/emulator\/oauth\/google\?flow=/)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByTestId('logged-out').waitFor()
    await expect(modal(page, '[part="error"]').textContent()).resolves.toBe('The login was cancelled. You are not logged in.')
    await screenshot(page, `${name}-oauth-2-cancelled`)
    expect(page.url()).not.toMatch(CALLBACK_PARAMS)
    await page.close()
  })

  it('a callback with a tampered state logs nobody in', async () => {
    const page = await openPlayground(stack, path)
    // Hold the provider's redirect back to the app, to tamper with it. Playwright does
    // not route the target of a redirect, so the provider page's form post is taken
    // over instead: its 303 is read, not followed (the real callback page would start
    // loading and use up the pending login before the tampered one arrives).
    const providerPage = /\/emulator\/oauth\/google\?flow=/
    let held!: (url: string) => void
    const location = new Promise<string>((resolve) => (held = resolve))
    await page.route(providerPage, async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      const answer = await route.fetch({ maxRedirects: 0 })
      held(new URL(answer.headers()['location']!, route.request().url()).href)
      await route.fulfill({ status: 204 })
    })
    await pick(page, 'google')
    await page.waitForURL(providerPage)
    await continueAs(page, `eve.${name}@example.com`)
    const callback = new URL(await location)
    await page.unroute(providerPage)
    expect(callback.searchParams.get('moonkey_token_type')).toBe('oauth')
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`)
    await page.goto(callback.href)
    await page.getByTestId('logged-out').waitFor()
    await expect(modal(page, '[part="error"]').textContent()).resolves.toBe('That login could not be confirmed. Please try again.')
    expect(page.url()).not.toMatch(CALLBACK_PARAMS)
    // The token was never redeemed, so no session exists for that user.
    const accounts = await fetch(`${stack.emulator.url}/emulator/v1/oauth/accounts?provider=google`).then((r) => r.json())
    expect(accounts.accounts.find((a: { email: string }) => a.email === `eve.${name}@example.com`).user_id).toBeNull()
    await page.close()
  })
})
