import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGES } from './pages.ts'
import { loginThroughModal, openPlayground, startStack, type Stack } from './stack.ts'

describe.each(PAGES)('$name page: two tabs of one app in one browser context', ({ path }) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(async () => {
    await stack?.close()
  })

  it('login in one tab logs the other in; logout logs it out within 2 s, with no reload', async () => {
    const a = await openPlayground(stack, path)
    const b = await openPlayground(stack, path)
    await b.getByTestId('logged-out').waitFor()
    let reloads = 0
    b.on('framenavigated', () => reloads++)

    await loginThroughModal(stack, a, 'tabs@example.com')
    await b.getByTestId('welcome').waitFor({ timeout: 2000 })
    await expect(b.getByTestId('welcome').textContent()).resolves.toBe('Welcome, tabs@example.com!')

    await a.getByRole('button', { name: 'Log out' }).click()
    await b.getByTestId('logged-out').waitFor({ timeout: 2000 })
    const tokens = await b.evaluate(() => (window as any).moonkey.getSessionTokens())
    expect(tokens).toBeNull()
    expect(reloads).toBe(0)
  })
})
