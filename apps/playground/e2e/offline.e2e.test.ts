import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGES } from './pages.ts'
import { callBackend, loginThroughModal, openPlayground, startStack, type Stack } from './stack.ts'

describe.each(PAGES)('$name page: the API goes away and comes back', ({ path }) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(async () => {
    await stack?.close()
  })

  it('stays logged in while the emulator is down, and tokens work again when it is back', async () => {
    const page = await openPlayground(stack, path)
    await loginThroughModal(stack, page, 'offline@example.com')

    await stack.stopEmulator()
    await page.reload()
    await page.getByTestId('welcome').waitFor()
    // The backend cannot reach the API: it answers 503, and the page keeps its session.
    expect(await callBackend(page, 'token')).toMatch(/^503 /)
    await expect(page.getByTestId('welcome').isVisible()).resolves.toBe(true)

    await stack.restartEmulator()
    expect(await callBackend(page, 'token')).toMatch(/^200 /)
    expect(await callBackend(page, 'jwt')).toMatch(/^200 /)
  })
})
