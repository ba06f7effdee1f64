import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGES } from './pages.ts'
import { callBackend, loginThroughModal, openPlayground, startStack, type Stack } from './stack.ts'

const LIFETIME = 6 // seconds: the emulator's JWT lifetime for this suite

describe.each(PAGES)('$name page: a tab left open through several JWT expiries', ({ path }) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ jwtLifetimeSeconds: LIFETIME })
  })
  afterAll(async () => {
    await stack?.close()
  })

  it('keeps working, with at most one refresh per expiry', async () => {
    const page = await openPlayground(stack, path)
    await loginThroughModal(stack, page, 'expiry@example.com')
    const refreshes: number[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/v1/auth/sessions/verify') && request.method() === 'POST') refreshes.push(Date.now())
    })
    const started = Date.now()
    const jwts = new Set<string>()
    for (let round = 0; round < 3; round++) {
      await page.waitForTimeout(LIFETIME * 1000)
      expect(await callBackend(page, 'jwt')).toMatch(/^200 /)
      expect(await callBackend(page, 'token')).toMatch(/^200 /)
      jwts.add(await page.evaluate(async () => (await (window as any).moonkey.getSessionTokens()).sessionJwt))
    }
    const elapsed = Date.now() - started
    expect(jwts.size).toBeGreaterThanOrEqual(3) // it did refresh through the expiries …
    // … once per JWT, a little before it expires: never twice within half a
    // lifetime, so never more than two refreshes per lifetime of wall time.
    const gaps = refreshes.slice(1).map((t, i) => t - refreshes[i]!)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual((LIFETIME * 1000) / 2)
    expect(refreshes.length).toBeLessThanOrEqual(Math.ceil(elapsed / ((LIFETIME * 1000) / 2)))
  })
})
