import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGES } from './pages.ts'
import { callBackend, loginThroughModal, openPlayground, startStack, type Stack } from './stack.ts'

/**
 * Issue 9 in real Chromium: storage faults and network faults must neither
 * bring back a logged-out session nor leave a tab waiting forever.
 */
describe.each(PAGES)('$name page: storage and network faults', ({ path }) => {
  let stack: Stack
  let database: string
  beforeAll(async () => {
    stack = await startStack()
    database = `moonkey-${stack.emulator.publishableKey}`
  })
  afterAll(async () => {
    await stack?.close()
  })

  /** A browser profile of its own (its own IndexedDB), closed with the stack. */
  const profile = (): Promise<BrowserContext> => stack.browser.newContext()

  /** One value of the client's IndexedDB database, read as a reload would. */
  const stored = (page: Page, key: string): Promise<unknown> =>
    page.evaluate(
      ([name, key]) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open(name!)
          open.onsuccess = () => {
            const db = open.result
            const read = db.transaction('kv').objectStore('kv').get(key!)
            read.onsuccess = () => {
              db.close()
              resolve(read.result)
            }
            read.onerror = () => reject(read.error)
          }
          open.onerror = () => reject(open.error)
        }),
      [database, key],
    )

  /** Whether the server still knows a session token (asked with the secret key). */
  const serverKnows = async (sessionToken: string): Promise<boolean> => {
    const response = await fetch(`${stack.emulator.url}/v1/auth/sessions/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.emulator.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ session_token: sessionToken }),
    })
    return response.ok
  }

  const tokensOf = (page: Page): Promise<{ sessionToken: string } | null> =>
    page.evaluate(() => (window as any).moonkey.getSessionTokens())

  it('an offline logout after an IndexedDB fault: logged out through three offline reloads, then exactly one DELETE', async () => {
    const context = await profile()
    const page = await openPlayground(stack, path, await context.newPage())
    await loginThroughModal(stack, page, 'offline-logout@example.com')
    const { sessionToken } = (await tokensOf(page))!

    // The API is unreachable, as with no network; once online, count what reaches it.
    let online = false
    const deletes: string[] = []
    await context.route(`${stack.emulator.url}/**`, (route) => {
      if (!online) return route.abort('internetdisconnected')
      if (route.request().method() === 'DELETE') deletes.push(route.request().url())
      return route.continue()
    })
    // One IndexedDB fault, as Safari's "connection is closing": the next transaction throws.
    await page.evaluate(() => {
      const transaction = IDBDatabase.prototype.transaction
      IDBDatabase.prototype.transaction = function () {
        IDBDatabase.prototype.transaction = transaction
        throw new DOMException('The database connection is closing.', 'InvalidStateError')
      }
    })
    await page.evaluate(() => (window as any).moonkey.logout())
    await page.getByTestId('logged-out').waitFor()

    for (let reload = 0; reload < 3; reload++) {
      await page.reload()
      await page.getByTestId('loading').waitFor({ state: 'hidden' })
      await expect(page.getByTestId('logged-out').isVisible()).resolves.toBe(true)
      await expect(tokensOf(page)).resolves.toBeNull()
      await expect(stored(page, 'session')).resolves.toBeUndefined()
      await expect(stored(page, 'revoke')).resolves.toEqual([sessionToken]) // still pending
    }
    expect(await serverKnows(sessionToken)).toBe(true)

    // Back online: the browser says so, and the pending revocation goes out once.
    // The browser is offline before the API becomes reachable, so a retry timer
    // firing in between cannot send a DELETE that going offline would then cut
    // (and the retry repeat, rightly).
    await context.setOffline(true)
    online = true
    await context.setOffline(false)
    await expect.poll(() => deletes.length).toBe(1)
    await expect.poll(() => stored(page, 'revoke')).toBeUndefined()
    expect(await serverKnows(sessionToken)).toBe(false)

    // A reload online finds nothing left to revoke.
    await page.reload()
    await page.getByTestId('loading').waitFor({ state: 'hidden' })
    await expect(page.getByTestId('logged-out').isVisible()).resolves.toBe(true)
    await expect(tokensOf(page)).resolves.toBeNull()
    expect(deletes).toHaveLength(1)
    await context.close()
  })

  it('another tab deletes the database: not blocked, every tab stays usable, a tab opened meanwhile turns ready', async () => {
    const context = await profile()
    const a = await openPlayground(stack, path, await context.newPage())
    await loginThroughModal(stack, a, 'delete-db@example.com')
    const b = await openPlayground(stack, path, await context.newPage())
    await b.getByTestId('welcome').waitFor()

    // Tab b deletes the database that both tabs hold open; tab c opens meanwhile.
    const deleted = b.evaluate(
      (name) =>
        new Promise<{ deleted: boolean; blocked: boolean }>((resolve) => {
          let blocked = false
          const request = indexedDB.deleteDatabase(name)
          request.onblocked = () => (blocked = true)
          request.onsuccess = () => resolve({ deleted: true, blocked })
          request.onerror = () => resolve({ deleted: false, blocked })
        }),
      database,
    )
    const c = await openPlayground(stack, path, await context.newPage()) // waits for ready
    await expect(deleted).resolves.toEqual({ deleted: true, blocked: false })
    await expect(c.getByTestId('logged-out').isVisible()).resolves.toBe(true) // the database was deleted

    // The tabs that were logged in still are, and their tokens work.
    for (const tab of [a, b]) {
      await expect(tab.getByTestId('welcome').isVisible()).resolves.toBe(true)
      expect(await callBackend(tab, 'token')).toMatch(/^200 /)
    }
    // Logging out in one tab reaches every tab; logging in again is stored anew.
    await a.getByRole('button', { name: 'Log out' }).click()
    await b.getByTestId('logged-out').waitFor()
    await loginThroughModal(stack, c, 'delete-db-again@example.com')
    await a.getByTestId('welcome').waitFor()
    await b.getByTestId('welcome').waitFor()
    const d = await openPlayground(stack, path, await context.newPage())
    await d.getByTestId('welcome').waitFor()
    expect(await callBackend(d, 'jwt')).toMatch(/^200 /)
    await context.close()
  })
})
