import 'fake-indexeddb/auto'

import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { IDBFactory } from 'fake-indexeddb'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { createMoonKey, isMoonKeyError } from '../index.ts'

/** What the emulator's test wallet puts on `window`. */
interface TestWalletControl {
  name: string
  ethereumAddress: string
  solanaAddress: string
  rejectNext: boolean
}

let emulator: RunningEmulator
let control: TestWalletControl

beforeAll(async () => {
  emulator = await startEmulator({ log: () => {}, memory: true })
  const script = await (await fetch(`${emulator.url}/emulator/test-wallet.js`)).text()
  const warn = console.warn
  console.warn = () => {}
  try {
    // As a <script> tag would run it.
    new Function(script)()
  } finally {
    console.warn = warn
  }
  control = (window as unknown as { moonkeyTestWallet: TestWalletControl }).moonkeyTestWallet
}, 30_000)
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
})

const client = () => createMoonKey({ publishableKey: emulator.publishableKey, apiUrl: emulator.url, storage: 'memory' })

describe('the emulator’s test wallet', () => {
  it('is found as an Ethereum (EIP-6963) and a Solana (Wallet Standard) wallet', async () => {
    const moonkey = client()
    const wallets = await moonkey.getWallets()
    expect(wallets).toEqual([
      { id: 'ethereum:dev.moonkey.test-wallet', name: control.name, icon: expect.stringMatching(/^data:image\/svg\+xml;base64,/), rdns: 'dev.moonkey.test-wallet', chainType: 'ethereum' },
      { id: `solana:${control.name}`, name: control.name, icon: expect.stringMatching(/^data:image\/svg\+xml;base64,/), chainType: 'solana' },
    ])
    moonkey.destroy()
  })

  it('logs in with Ethereum and with Solana, the same user each time for the same keys', async () => {
    for (const chainType of ['ethereum', 'solana'] as const) {
      const address = chainType === 'ethereum' ? control.ethereumAddress : control.solanaAddress
      const first = client()
      const user = await first.loginWithWallet({ chainType })
      expect(user.wallet).toMatchObject({ address, chainType })
      await first.logout()
      first.destroy()
      const second = client()
      expect((await second.loginWithWallet({ chainType })).id).toBe(user.id)
      second.destroy()
    }
  })

  it('rejects the next signature when asked to, like a user would', async () => {
    const moonkey = client()
    control.rejectNext = true
    const error = await moonkey.loginWithWallet({ chainType: 'solana' }).catch((e: unknown) => e)
    expect(isMoonKeyError(error) && error.code).toBe('wallet_rejected')
    expect(control.rejectNext).toBe(false)
    expect((await moonkey.loginWithWallet({ chainType: 'solana' })).wallet?.address).toBe(control.solanaAddress)
    moonkey.destroy()
  })
})
