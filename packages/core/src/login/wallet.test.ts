import { afterEach, describe, expect, it, vi } from 'vitest'

import { flush } from '../../test/fake-api.ts'
import { announce, fakeEthereum, fakeSolana, registerStandardWallet } from '../../test/fake-wallets.ts'
import { setup } from '../../test/setup-client.ts'
import type { WalletLoginState } from '../types.ts'

const cleanup: Array<() => void> = []
afterEach(() => {
  for (const stop of cleanup.splice(0)) stop()
})

/** Resolves with the first `$walletLogin` value that passes `test`. */
const until = (client: ReturnType<typeof setup>['client'], test: (state: WalletLoginState) => boolean) =>
  new Promise<WalletLoginState>((resolve) => {
    const stop = client.$walletLogin.subscribe((state) => {
      if (!test(state)) return
      queueMicrotask(() => stop())
      resolve(state)
    })
  })

describe('$walletLogin', () => {
  it('starts discovery with its first listener, not before, and follows late announcements', async () => {
    const requests = vi.fn()
    window.addEventListener('eip6963:requestProvider', requests)
    cleanup.push(() => window.removeEventListener('eip6963:requestProvider', requests))
    cleanup.push(announce(window, { rdns: 'com.early' }, fakeEthereum().provider))
    const { client } = setup()
    expect(client.$walletLogin.get()).toEqual({ wallets: [], status: 'initial', error: null })
    await flush()
    expect(requests).not.toHaveBeenCalled()

    // Only a listener: no getWallets() call starts anything here.
    const found = await until(client, (state) => state.wallets.length > 0)
    expect(found.wallets.map((w) => w.id)).toEqual(['ethereum:com.early'])
    expect(requests).toHaveBeenCalledTimes(1)
    const seen: string[][] = []
    cleanup.push(client.$walletLogin.listen((state) => seen.push(state.wallets.map((w) => w.id))))
    cleanup.push(announce(window, { rdns: 'com.late' }, fakeEthereum().provider))
    expect(seen.at(-1)).toEqual(['ethereum:com.early', 'ethereum:com.late'])
  })

  it('destroy() stops discovery: later announcements and registrations change nothing', async () => {
    cleanup.push(announce(window, { rdns: 'com.before' }, fakeEthereum().provider))
    const { client } = setup()
    expect((await client.getWallets()).map((w) => w.id)).toEqual(['ethereum:com.before'])
    const seen = vi.fn()
    cleanup.push(client.$walletLogin.listen(seen))
    client.destroy()
    await flush()
    cleanup.push(announce(window, { rdns: 'com.after' }, fakeEthereum().provider))
    cleanup.push(registerStandardWallet(window, fakeSolana('After').wallet))
    expect(seen).not.toHaveBeenCalled()
    expect(client.$walletLogin.get().wallets.map((w) => w.id)).toEqual(['ethereum:com.before'])
  })

  it('getWallets() lists the wallets found so far', async () => {
    cleanup.push(announce(window, { name: 'One', rdns: 'one' }, fakeEthereum().provider))
    cleanup.push(announce(window, { name: 'Two', rdns: 'two' }, fakeEthereum().provider))
    const { client } = setup()
    expect((await client.getWallets()).map((w) => w.name)).toEqual(['One', 'Two'])
    expect((await until(client, (s) => s.wallets.length === 2)).wallets).toHaveLength(2)
  })
})
