import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en } from '../../../packages/core/src/modal/texts.ts'
import { PAGES } from './pages.ts'
import { logOutThroughPage, modal, openPlayground, screenshot, sessionStatus, startStack, type Stack } from './stack.ts'

/** The parts of `window.moonkeyTestWallet` (the emulator's development wallet, on every page) the tests read. */
const testWallet = (page: Page) =>
  page.evaluate(() => {
    const w = (window as any).moonkeyTestWallet
    return { name: w.name as string, ethereum: w.ethereumAddress as string, solana: w.solanaAddress as string }
  })

const CHAIN_LABEL = { ethereum: 'Ethereum', solana: 'Solana' } as const

/** The modal's button for the test wallet on `chain` (each button shows icon, name and chain). */
const walletButton = (page: Page, chain: keyof typeof CHAIN_LABEL) =>
  modal(page, '[part="wallet-button"]').filter({ hasText: CHAIN_LABEL[chain] })

/** One emulator, playground and Chromium for every page: the pages share an origin, so the same test wallet. */
let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.close()
})

describe.each(PAGES)('$name page in Chromium: wallet login through the modal with the test wallet', ({ name, path }) => {
  it('lists both test wallets, logs in with each, shows the address, keeps the session on reload, revokes on logout', async () => {
    for (const chain of ['ethereum', 'solana'] as const) {
      const page = await openPlayground(stack, path)
      const wallet = await testWallet(page)
      await page.getByRole('button', { name: 'Log in' }).click()
      // The page offers ['email', 'google', 'apple', 'wallet']: the wallets come last, with their icons.
      const buttons = modal(page, '[part="wallet-button"]')
      await expect.poll(() => buttons.count()).toBe(2)
      expect(await buttons.allInnerTexts()).toEqual([
        expect.stringMatching(new RegExp(`^${wallet.name.replace(/[()]/g, '\\$&')}\\s*Ethereum$`)),
        expect.stringMatching(/Solana$/),
      ])
      const icons = await modal(page, '[part="wallet-icon"]').evaluateAll((imgs) =>
        imgs.map((img) => [(img as HTMLImageElement).src.slice(0, 19), (img as HTMLImageElement).naturalWidth > 0]),
      )
      expect(icons).toEqual([
        ['data:image/svg+xml;', true],
        ['data:image/svg+xml;', true],
      ])
      if (chain === 'ethereum') await screenshot(page, `${name}-wallet-modal`)

      await walletButton(page, chain).click()
      await page.getByTestId('welcome').waitFor()
      // A wallet user has no email: the page greets the address.
      await expect(page.getByTestId('welcome').textContent()).resolves.toBe(`Welcome, ${wallet[chain]}!`)
      const user = await page.evaluate(() => (window as any).moonkey.$state.get().user)
      expect(user.wallet).toMatchObject({ address: wallet[chain], chainType: chain })
      expect(user.email).toBe('')
      await expect(modal(page, '[part="description"]').textContent()).resolves.toMatch(/^Signed in as /)

      // Real IndexedDB keeps the session, wallet and all, across a reload.
      await page.reload()
      await page.getByTestId('welcome').waitFor()
      await expect(page.getByTestId('welcome').textContent()).resolves.toBe(`Welcome, ${wallet[chain]}!`)
      const address = await page.evaluate(() => (window as any).moonkey.$state.get().user.wallet.address)
      expect(address).toBe(wallet[chain])

      const tokens = await page.evaluate(() => (window as any).moonkey.getSessionTokens())
      expect(await sessionStatus(stack, tokens.sessionToken)).toBe(200)
      await logOutThroughPage(stack, page)
      await expect.poll(() => sessionStatus(stack, tokens.sessionToken)).toBe(404)
      await page.close()
    }
  })

  it('a signature declined in the wallet (Ethereum, then Solana) keeps the modal open with the message; the retry logs in', async () => {
    const page = await openPlayground(stack, path)
    await page.getByRole('button', { name: 'Log in' }).click()
    for (const chain of ['ethereum', 'solana'] as const) {
      await page.evaluate(() => void ((window as any).moonkeyTestWallet.rejectNext = true))
      await walletButton(page, chain).click()
      await expect.poll(() => modal(page, '[part="error"]').textContent()).toBe(en.walletRejectedMessage)
      await expect(modal(page, '[part="dialog"]').isVisible()).resolves.toBe(true)
      await expect(page.getByTestId('logged-out').isVisible()).resolves.toBe(true)
      // Focus is back on the wallet the user picked, ready to try again.
      await expect(walletButton(page, chain).evaluate((b) => b.matches(':focus'))).resolves.toBe(true)
    }
    if (name === 'script-tag') await screenshot(page, `${name}-wallet-rejected`)
    await walletButton(page, 'ethereum').click()
    await page.getByTestId('welcome').waitFor()
    const user = await page.evaluate(() => (window as any).moonkey.$state.get().user)
    expect(user.wallet.address).toBe((await testWallet(page)).ethereum)
    await logOutThroughPage(stack, page)
    await page.close()
  })
})

describe('the API without the modal', () => {
  it('getWallets lists the test wallet for both chains and loginWithWallet logs in', async () => {
    const page = await openPlayground(stack, '/')
    const wallet = await testWallet(page)
    const wallets = await page.evaluate(() => (window as any).moonkey.getWallets())
    expect(wallets.map((w: { chainType: string; name: string }) => `${w.chainType}:${w.name}`)).toEqual([
      `ethereum:${wallet.name}`,
      `solana:${wallet.name}`,
    ])
    const user = await page.evaluate(() => (window as any).moonkey.loginWithWallet({ chainType: 'solana' }))
    expect(user.wallet).toMatchObject({ address: wallet.solana, chainType: 'solana' })
    await logOutThroughPage(stack, page)
    await page.close()
  })
})
