import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PAGES } from './pages.ts'
import { openPlayground, screenshot, sessionStatus, startStack, type Stack } from './stack.ts'

/** The parts of `window.moonkeyTestWallet` (the emulator's development wallet) the tests read. */
const testWallet = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const w = (window as any).moonkeyTestWallet
    return { name: w.name as string, ethereum: w.ethereumAddress as string, solana: w.solanaAddress as string }
  })

describe.each(PAGES)('$name page in Chromium: wallet login with the test wallet', ({ name, path }) => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
    // Every page of this context gets the emulator's test wallet, as a <script> tag would.
    const script = await (await fetch(`${stack.emulator.url}/emulator/test-wallet.js`)).text()
    await stack.context.addInitScript({ content: script })
  })
  afterAll(async () => {
    await stack?.close()
  })

  it('finds the test wallet for both chains, logs in with each, keeps the session on reload, revokes on logout', async () => {
    for (const chainType of ['ethereum', 'solana'] as const) {
      const page = await openPlayground(stack, path)
      const wallet = await testWallet(page)
      const wallets = await page.evaluate(() => (window as any).moonkey.getWallets())
      expect(wallets.map((w: { chainType: string; name: string }) => `${w.chainType}:${w.name}`)).toEqual([
        `ethereum:${wallet.name}`,
        `solana:${wallet.name}`,
      ])

      const user = await page.evaluate((chain) => (window as any).moonkey.loginWithWallet({ chainType: chain }), chainType)
      expect(user.wallet).toMatchObject({ address: wallet[chainType], chainType })
      await page.getByTestId('welcome').waitFor()
      await expect(page.getByTestId('user-id').textContent()).resolves.toBe(user.id)
      await screenshot(page, `${name}-wallet-${chainType}-logged-in`)

      // Real IndexedDB keeps the session, wallet and all, across a reload.
      await page.reload()
      await page.getByTestId('welcome').waitFor()
      const address = await page.evaluate(() => (window as any).moonkey.$state.get().user.wallet.address)
      expect(address).toBe(wallet[chainType])

      const tokens = await page.evaluate(() => (window as any).moonkey.getSessionTokens())
      await page.getByRole('button', { name: 'Log out' }).click()
      await page.getByTestId('logged-out').waitFor()
      await expect.poll(() => sessionStatus(stack, tokens.sessionToken)).toBe(404)
      await page.close()
    }
  })

  it('stays logged out with wallet_rejected when the user rejects the signature, then logs in on retry', async () => {
    const page = await openPlayground(stack, path)
    const outcome = await page.evaluate(async () => {
      ;(window as any).moonkeyTestWallet.rejectNext = true
      try {
        await (window as any).moonkey.loginWithWallet({ chainType: 'ethereum' })
        return 'logged in'
      } catch (error) {
        return (error as { code: string }).code
      }
    })
    expect(outcome).toBe('wallet_rejected')
    await expect(page.getByTestId('logged-out').isVisible()).resolves.toBe(true)
    const user = await page.evaluate(() => (window as any).moonkey.loginWithWallet({ chainType: 'ethereum' }))
    expect(user.wallet.address).toBe((await testWallet(page)).ethereum)
    await page.getByTestId('welcome').waitFor()
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByTestId('logged-out').waitFor()
    await page.close()
  })
})
