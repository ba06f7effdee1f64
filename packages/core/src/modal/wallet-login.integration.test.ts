import 'fake-indexeddb/auto'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { announce, fakeEthereum, fakeSolana, registerStandardWallet } from '../../test/fake-wallets.ts'
import { inModal } from '../../test/modal.ts'
import { ready } from '../../test/setup-client.ts'
import { createMoonKey, type MoonKeyClient } from '../index.ts'
import { en } from './texts.ts'

let emulator: RunningEmulator
const clients: MoonKeyClient[] = []
const cleanup: Array<() => void> = []

beforeAll(async () => {
  emulator = await startEmulator({ log: () => {}, memory: true })
})
afterAll(async () => {
  await emulator.close()
})
afterEach(() => {
  document.querySelector('moonkey-login-modal')?.remove()
  for (const stop of cleanup.splice(0)) stop()
  for (const client of clients.splice(0)) client.destroy()
})

const create = (): MoonKeyClient => {
  const client = createMoonKey({ publishableKey: emulator.publishableKey, apiUrl: emulator.url, storage: 'memory' })
  clients.push(client)
  return client
}
const buttons = () => [
  ...document.querySelector('moonkey-login-modal')!.shadowRoot!.querySelectorAll<HTMLElement>('[part=wallet-button]'),
]

describe('start() with the wallet method, the real client and the emulator', () => {
  it('lists the wallets the client discovers, also late ones, and logs in with the one clicked', async () => {
    const eth = fakeEthereum()
    const sol = fakeSolana('Test SOL')
    cleanup.push(announce(window, { name: 'Test ETH', rdns: 'test.eth' }, eth.provider))
    const client = create()
    await ready(client)
    client.start({ loginMethods: ['email', 'wallet'] })
    await inModal('[part=wallet-button]')
    // A wallet that registers while the modal is open joins the list.
    cleanup.push(registerStandardWallet(window, sol.wallet))
    await vi.waitFor(() => expect(buttons().map((b) => b.dataset.walletId)).toEqual(['ethereum:test.eth', 'solana:Test SOL']))
    buttons()[1]!.click()
    await vi.waitFor(() => expect(client.$state.get().isAuthenticated).toBe(true), { timeout: 10_000 })
    expect(client.$state.get().user?.wallet?.address).toBe(sol.address)
    expect((await inModal('[part=description]')).textContent).toBe(
      `Signed in as ${sol.address.slice(0, 6)}…${sol.address.slice(-4)}.`,
    )
  })

  it('a signature declined in the wallet keeps the modal open with its message; the retry logs in', async () => {
    const eth = fakeEthereum()
    eth.answer = 'reject'
    cleanup.push(announce(window, { name: 'Test ETH', rdns: 'test.eth' }, eth.provider))
    const client = create()
    await ready(client)
    client.start({ loginMethods: ['wallet'], walletChainType: 'ethereum' })
    ;(await inModal('[part=wallet-button]')).click()
    const error = await inModal('[part=error]')
    await vi.waitFor(() => expect(error.textContent).toBe(en.walletRejectedMessage), { timeout: 10_000 })
    expect(client.$state.get().isAuthenticated).toBe(false)
    expect(document.querySelector('moonkey-login-modal')).not.toBeNull()
    eth.answer = 'approve'
    buttons()[0]!.click()
    await vi.waitFor(() => expect(client.$state.get().user?.wallet?.address).toBe(eth.address), { timeout: 10_000 })
  })
})
