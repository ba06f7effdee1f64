import { createMoonKeyServer } from '@moon-key/server'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PAGES } from './pages.ts'
import { loginThroughModal, openPlayground, startStack, type Stack } from './stack.ts'

/** The moonkey_* cookies of the context, by name (as the browser keeps them). */
const sessionCookies = async (context: BrowserContext) =>
  Object.fromEntries(
    (await context.cookies()).filter((c) => c.name.startsWith('moonkey_session')).map((c) => [c.name, c]),
  )

const tokensOf = (page: Page) =>
  page.evaluate(() => (window as any).moonkey.getSessionTokens()) as Promise<{ sessionToken: string; sessionJwt: string } | null>

// The script-tag page loads the cookies chunk by URL (moonkey-cookies.js), the
// React page from its bundle: both builds of the lazy chunk.
describe.each(PAGES.filter((p) => p.name === 'script-tag' || p.name === 'react'))(
  '$name page: the session cookies (`cookies: true`) in Chromium',
  ({ path }) => {
    let stack: Stack
    const withCookies = `${path}?cookies`
    beforeAll(async () => {
      stack = await startStack()
    })
    afterAll(async () => {
      await stack?.close()
    })

    it('login sets both, refresh replaces the JWT, logout in one tab deletes them and logs the other out', async () => {
      const a = await openPlayground(stack, withCookies)
      const b = await openPlayground(stack, withCookies)
      await b.getByTestId('logged-out').waitFor()
      expect(await sessionCookies(stack.context)).toEqual({})

      await loginThroughModal(stack, a, 'cookies@example.com')
      const tokens = (await tokensOf(a))!
      const session = await a.evaluate(() => (window as any).moonkey.$state.get().session)
      await expect.poll(() => sessionCookies(stack.context)).toMatchObject({
        moonkey_session: { value: tokens.sessionJwt },
        moonkey_session_token: { value: tokens.sessionToken },
      })
      const jar = await sessionCookies(stack.context)
      for (const cookie of Object.values(jar)) {
        expect(cookie).toMatchObject({
          domain: '127.0.0.1',
          path: '/',
          sameSite: 'Lax',
          secure: false, // http: page
          httpOnly: false,
          expires: session.expiresAt, // with the session, not the 5-minute JWT
        })
      }
      // What the browser sends, @moon-key/server's getAuth reads: the session, without an API call.
      const server = createMoonKeyServer({ secretKey: stack.emulator.secretKey, apiUrl: stack.emulator.url })
      const cookie = (await stack.context.cookies(stack.playground.url)).map((c) => `${c.name}=${c.value}`).join('; ')
      const { auth, setCookie } = await server.getAuth(new Request(stack.playground.url, { headers: { cookie } }))
      expect(auth).toMatchObject({ userId: session.userId, sessionId: session.id, user: { email: 'cookies@example.com' } })
      expect(setCookie).toEqual([])

      // The other tab got the session too (and wrote the same cookies).
      await b.getByTestId('welcome').waitFor({ timeout: 2000 })

      // A new JWT (a second later: JWTs of one second are the same): the cookie follows; the token stays.
      await a.waitForTimeout(1100)
      const refreshed = (await a.evaluate(() => (window as any).moonkey.getSessionTokens({ forceRefresh: true })))!
      expect(refreshed.sessionJwt).not.toBe(tokens.sessionJwt)
      await expect.poll(async () => (await sessionCookies(stack.context)).moonkey_session?.value).toBe(refreshed.sessionJwt)
      expect((await sessionCookies(stack.context)).moonkey_session_token?.value).toBe(tokens.sessionToken)

      // Logout in tab A: both cookies gone, tab B logged out.
      await a.getByRole('button', { name: 'Log out' }).click()
      await b.getByTestId('logged-out').waitFor({ timeout: 2000 })
      await expect.poll(() => sessionCookies(stack.context)).toEqual({})

      // A login in tab B sets them again.
      await loginThroughModal(stack, b, 'cookies@example.com')
      await a.getByTestId('welcome').waitFor({ timeout: 2000 })
      await expect.poll(async () => Object.keys(await sessionCookies(stack.context)).sort()).toEqual([
        'moonkey_session',
        'moonkey_session_token',
      ])
      await b.getByRole('button', { name: 'Log out' }).click()
      await expect.poll(() => sessionCookies(stack.context)).toEqual({})
      await a.close()
      await b.close()
    })

    it("another tab's logout deletes them in this tab too, even when that tab has no cookies option", async () => {
      const a = await openPlayground(stack, withCookies)
      const plain = await openPlayground(stack, path) // same app, cookies off
      await loginThroughModal(stack, a, 'other-tab@example.com')
      await plain.getByTestId('welcome').waitFor({ timeout: 2000 })
      await expect.poll(async () => Object.keys(await sessionCookies(stack.context))).toHaveLength(2)
      // The logout happens in the tab that writes no cookies: A hears it over the tab channel.
      await plain.getByRole('button', { name: 'Log out' }).click()
      await a.getByTestId('logged-out').waitFor({ timeout: 2000 })
      await expect.poll(() => sessionCookies(stack.context)).toEqual({})
      await a.close()
      await plain.close()
    })

    it('a revoked session deletes them; a reload while logged in writes them again', async () => {
      const page = await openPlayground(stack, withCookies)
      await loginThroughModal(stack, page, 'revoked@example.com')
      await expect.poll(async () => Object.keys(await sessionCookies(stack.context))).toHaveLength(2)

      // Cleared by hand (as a server might), then a reload: the stored session writes them again.
      await stack.context.clearCookies()
      await openPlayground(stack, withCookies, page)
      await page.getByTestId('welcome').waitFor()
      await expect.poll(async () => Object.keys(await sessionCookies(stack.context))).toHaveLength(2)

      const { sessionToken } = (await tokensOf(page))!
      const res = await fetch(`${stack.emulator.url}/v1/auth/sessions/delete`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${stack.emulator.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ session_token: sessionToken }),
      })
      expect(res.status).toBe(200)
      await expect(page.evaluate(() => (window as any).moonkey.getSessionTokens({ forceRefresh: true }))).resolves.toBeNull()
      await page.getByTestId('logged-out').waitFor()
      expect(await page.evaluate(() => (window as any).moonkey.$state.get().reason)).toBe('revoked')
      await expect.poll(() => sessionCookies(stack.context)).toEqual({})
      await page.close()
    })
  },
)
