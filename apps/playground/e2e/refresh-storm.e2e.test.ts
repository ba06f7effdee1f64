import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callBackend, loginThroughModal, openPlayground, startStack, type Stack } from './stack.ts'

const LIFETIME = 8 // seconds: the emulator's JWT lifetime for this suite
const TABS = 10

const jwtOf = (page: Page): Promise<string | undefined> =>
  page.evaluate(async () => (await (window as any).moonkey.getSessionTokens())?.sessionJwt)
describe('10 tabs of one app at one JWT expiry (issue 9, item 11)', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ jwtLifetimeSeconds: LIFETIME })
  })
  afterAll(async () => {
    await stack?.close()
  })

  it('make at most 2 refresh requests, nobody is logged out, and every JWT is accepted', async () => {
    const pages: Page[] = []
    for (let i = 0; i < TABS; i++) pages.push(await openPlayground(stack, '/'))
    await loginThroughModal(stack, pages[0]!, 'storm@example.com')
    await Promise.all(pages.map((page) => page.getByTestId('welcome').waitFor({ timeout: 5000 })))
    const first = await jwtOf(pages[0]!)
    expect(await Promise.all(pages.map(jwtOf))).toEqual(pages.map(() => first))

    const refreshes: number[] = []
    const count = (request: Request): void => {
      if (request.method() === 'POST' && request.url().endsWith('/v1/auth/sessions/verify')) refreshes.push(Date.now())
    }
    stack.context.on('request', count)
    try {
      // Every tab's proactive timer comes due for the same JWT at once.
      await expect
        .poll(async () => new Set(await Promise.all(pages.map(jwtOf))).has(first), {
          timeout: LIFETIME * 1000 * 2,
          interval: 250,
        })
        .toBe(false)
      const second = await jwtOf(pages[0]!)
      expect(new Set(await Promise.all(pages.map(jwtOf)))).toEqual(new Set([second]))
      expect(refreshes.length).toBeGreaterThanOrEqual(1)
      expect(refreshes.length).toBeLessThanOrEqual(2)
    } finally {
      stack.context.off('request', count)
    }

    for (const page of pages) {
      await expect(page.getByTestId('welcome').isVisible()).resolves.toBe(true)
      expect(await callBackend(page, 'jwt')).toMatch(/^200 /)
    }
  })
})
