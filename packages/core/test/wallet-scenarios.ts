import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { createMoonKey } from '../src/index.ts'
import type { LoginWithWalletCallbacks, MoonKeyClient, User, Wallet, WalletLoginState } from '../src/index.ts'
import { announce, fakeEthereum, fakeSolana, registerStandardWallet } from './fake-wallets.ts'

/** What a binding's `useLoginWithWallet()` returned on its last render. */
export interface WalletSeen {
  wallets: Wallet[]
  state: WalletLoginState
  loginWithWallet(input?: { wallet?: Wallet }): Promise<User>
}

export interface WalletRendered {
  seen(): WalletSeen
  /** The component's text: `wallet names, comma-separated|status`. */
  text(): string
  unmount(): void | Promise<void>
}

/**
 * One binding: renders a component that calls `useLoginWithWallet(callbacks)`
 * under the binding's provider with `client` and shows `names|status`.
 */
export interface WalletBindingAdapter {
  name: string
  render(client: MoonKeyClient, callbacks: LoginWithWalletCallbacks): WalletRendered
}

/**
 * The wallet scenario every binding must pass against the real emulator: the
 * wallets appear (also late ones), a login calls onComplete, a rejection onError.
 *
 * @example
 * walletBindingScenarios({ name: 'react', render: (client, callbacks) => … })
 */
export const walletBindingScenarios = (adapter: WalletBindingAdapter): void => {
  describe(`${adapter.name} binding: useLoginWithWallet`, () => {
    let emulator: RunningEmulator
    const cleanup: Array<() => void | Promise<void>> = []

    beforeAll(async () => {
      emulator = await startEmulator({ memory: true, log: () => {} })
    })
    afterAll(() => emulator.close())
    afterEach(async () => {
      for (const stop of cleanup.splice(0).reverse()) await stop()
    })

    const render = (callbacks: LoginWithWalletCallbacks) => {
      const client = createMoonKey({ publishableKey: emulator.publishableKey, apiUrl: emulator.url, storage: 'memory' })
      const view = adapter.render(client, callbacks)
      cleanup.push(() => client.destroy(), () => view.unmount())
      return { client, view }
    }

    it('lists the wallets as they come and logs in with one, calling onComplete', async () => {
      const eth = fakeEthereum()
      cleanup.push(announce(window, { name: 'Test ETH', rdns: 'test.eth' }, eth.provider))
      const onComplete = vi.fn()
      const { client, view } = render({ onComplete })
      await expect.poll(() => view.text()).toBe('Test ETH|initial')
      cleanup.push(registerStandardWallet(window, fakeSolana('Late SOL').wallet))
      await expect.poll(() => view.text()).toBe('Test ETH,Late SOL|initial')
      expect(view.seen().wallets.map((w) => w.chainType)).toEqual(['ethereum', 'solana'])

      const user = await view.seen().loginWithWallet({ wallet: view.seen().wallets[0] })
      expect(user.wallet?.address).toBe(eth.address)
      expect(onComplete).toHaveBeenCalledWith(user)
      await expect.poll(() => view.text()).toBe('Test ETH,Late SOL|done')
      expect(client.$state.get().user?.wallet?.address).toBe(eth.address)
    })

    it('shows a rejected signature in the state and calls onError', async () => {
      const sol = fakeSolana('Test SOL')
      sol.answer = 'reject'
      cleanup.push(registerStandardWallet(window, sol.wallet))
      const onError = vi.fn()
      const { view } = render({ onError })
      await expect.poll(() => view.text()).toBe('Test SOL|initial')
      await expect(view.seen().loginWithWallet()).rejects.toMatchObject({ code: 'wallet_rejected' })
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'wallet_rejected' }))
      await expect.poll(() => view.text()).toBe('Test SOL|error')
      expect(view.seen().state.error?.code).toBe('wallet_rejected')
    })
  })
}
