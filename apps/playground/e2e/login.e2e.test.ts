import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGES } from './pages.ts'
import {
  callBackend,
  indexedDbRecords,
  modal,
  openPlayground,
  screenshot,
  sessionStatus,
  startStack,
  waitForCode,
  type Stack,
} from './stack.ts'

describe.each(PAGES)('$name page in Chromium', ({ name, path }) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(async () => {
    await stack?.close()
  })

  it('logs in through the modal, survives a reload, calls the backend, logs out', async () => {
    const page = await openPlayground(stack, path)
    await expect(page.getByTestId('logged-out').isVisible()).resolves.toBe(true)
    await screenshot(page, `${name}-1-logged-out`)

    await page.getByRole('button', { name: 'Log in' }).click()
    const dialog = modal(page, '[role="dialog"]')
    await dialog.waitFor()
    await expect(dialog.getAttribute('aria-modal')).resolves.toBe('true')
    await screenshot(page, `${name}-2-modal-email-step`)

    const email = 'ada@example.com'
    await modal(page, 'input[name="email"]').fill(email)
    await modal(page, 'input[name="email"]').press('Enter')
    await modal(page, 'input[name="code"]').waitFor()
    await screenshot(page, `${name}-3-modal-code-step`)

    await modal(page, 'input[name="code"]').fill(await waitForCode(stack, email))
    await page.getByTestId('welcome').waitFor()
    await expect(page.getByTestId('welcome').textContent()).resolves.toBe(`Welcome, ${email}!`)
    await modal(page).waitFor({ state: 'detached' })
    await screenshot(page, `${name}-4-logged-in`)
    const userId = await page.getByTestId('user-id').textContent()
    expect(userId).toMatch(/^user_/)

    // Real IndexedDB keeps the session across a reload.
    await page.reload()
    await page.getByTestId('welcome').waitFor()

    // The protected call works with either credential.
    expect(await callBackend(page, 'token')).toBe(`200 {"message":"Success","userId":"${userId}","via":"session_token"}`)
    expect(await callBackend(page, 'jwt')).toBe(`200 {"message":"Success","userId":"${userId}","via":"session_jwt"}`)

    const tokens = await page.evaluate(() => (window as any).moonkey.getSessionTokens())
    expect(tokens.sessionToken).toMatch(/^session_/)

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByTestId('logged-out').waitFor()

    // Revoked on the server: verify with the secret key answers 404 …
    await expect.poll(() => sessionStatus(stack, tokens.sessionToken)).toBe(404)
    // … the protected call with the old token answers 401 …
    const status = await page.evaluate(async (token) => {
      const res = await fetch('/api/protected', { headers: { Authorization: `Bearer ${token}` } })
      return res.status
    }, tokens.sessionToken)
    expect(status).toBe(401)
    // … and nothing is left in IndexedDB.
    await expect.poll(() => indexedDbRecords(page)).toBe(0)
    await page.reload()
    await page.getByTestId('logged-out').waitFor()
    await page.close()
  })

  it('logs in with the keyboard alone', async () => {
    const page = await openPlayground(stack, path)
    // Tab from the top of the page to the Log in button.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab')
      const label = await page.evaluate(() => document.activeElement?.textContent?.trim())
      if (label === 'Log in') break
    }
    await page.keyboard.press('Enter')
    const email = 'grace@example.com'
    // Focus moved into the dialog: the email field has it.
    await modal(page, 'input[name="email"]').waitFor()
    await expect
      .poll(() => modal(page, 'input[name="email"]').evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement))
      .toBe(true)
    await page.keyboard.type(email)
    await page.keyboard.press('Enter')
    await modal(page, 'input[name="code"]').waitFor()
    await expect
      .poll(() => modal(page, 'input[name="code"]').evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement))
      .toBe(true)
    await page.keyboard.type(await waitForCode(stack, email))
    await page.getByTestId('welcome').waitFor()
    await expect(page.getByTestId('welcome').textContent()).resolves.toBe(`Welcome, ${email}!`)
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByTestId('logged-out').waitFor()
    await page.close()
  })

  it('Escape closes the modal and focus returns to the Log in button', async () => {
    const page = await openPlayground(stack, path)
    await page.getByRole('button', { name: 'Log in' }).focus()
    await page.keyboard.press('Enter')
    await modal(page, 'input[name="email"]').waitFor()
    await page.keyboard.press('Escape')
    await modal(page).waitFor({ state: 'detached' })
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('login')
    await page.close()
  })

  it('the modal fits a 360 px wide screen', async () => {
    const page = await stack.context.newPage()
    await page.setViewportSize({ width: 360, height: 640 })
    await openPlayground(stack, path, page)
    await page.getByRole('button', { name: 'Log in' }).click()
    const box = await modal(page, '[role="dialog"]').boundingBox()
    expect(box).not.toBeNull()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(360)
    await screenshot(page, `${name}-5-modal-360px`)
    await page.close()
  })

  it('is usable at 200% zoom (1280×720 at 200% is 640×360 CSS pixels)', async () => {
    const page = await stack.context.newPage()
    await page.setViewportSize({ width: 640, height: 360 })
    await openPlayground(stack, path, page)
    await page.getByRole('button', { name: 'Log in' }).click()
    const email = 'zoom@example.com'
    await modal(page, 'input[name="email"]').fill(email)
    await modal(page, '[part="email-submit"]').click() // scrolled into view if needed
    await modal(page, 'input[name="code"]').waitFor()
    // Every control of the code step can be reached and read.
    for (const part of ['code-submit', 'back-button', 'resend-button']) {
      const control = modal(page, `[part="${part}"]`)
      await control.scrollIntoViewIfNeeded()
      const box = await control.boundingBox()
      expect(box, part).not.toBeNull()
      expect(box!.x).toBeGreaterThanOrEqual(0)
      expect(box!.x + box!.width).toBeLessThanOrEqual(640)
      expect(box!.y).toBeGreaterThanOrEqual(0)
      expect(box!.y + box!.height).toBeLessThanOrEqual(361) // sub-pixel layout
    }
    await modal(page, 'input[name="code"]').fill(await waitForCode(stack, email))
    await page.getByTestId('welcome').waitFor()
    await page.close()
  })
})
