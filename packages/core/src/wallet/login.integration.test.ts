import 'fake-indexeddb/auto'

import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { IDBFactory } from 'fake-indexeddb'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { announce, fakeEthereum, fakeSolana, registerStandardWallet } from '../../test/fake-wallets.ts'
import { mapStorage, ready } from '../../test/setup-client.ts'
import { createMoonKey, isMoonKeyError, type MoonKeyClient, type MoonKeyOptions } from '../index.ts'

let emulator: RunningEmulator
const clients: MoonKeyClient[] = []
const cleanup: Array<() => void> = []

beforeAll(async () => {
  emulator = await startEmulator({ log: () => {}, memory: true })
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
})
afterEach(() => {
  for (const stop of cleanup.splice(0)) stop()
  for (const client of clients.splice(0)) client.destroy()
})

const create = (options: Partial<MoonKeyOptions> = {}): MoonKeyClient => {
  const client = createMoonKey({ publishableKey: emulator.publishableKey, apiUrl: emulator.url, storage: 'memory', ...options })
  clients.push(client)
  return client
}

/** The error a promise rejects with. */
const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => expect.fail('expected a failure'), (e: unknown) => e)

describe('loginWithWallet against the emulator', () => {
  it('logs in with an EIP-6963 Ethereum wallet: account, chain id, nonce, EIP-4361 message, signature', async () => {
    const eth = fakeEthereum(10)
    cleanup.push(announce(window, { name: 'Test ETH', rdns: 'test.eth' }, eth.provider))
    const client = create()
    await ready(client)
    const [wallet] = await client.getWallets()
    expect(wallet).toMatchObject({ id: 'ethereum:test.eth', name: 'Test ETH', chainType: 'ethereum' })
    const user = await client.loginWithWallet({ wallet })
    expect(eth.calls).toEqual(['eth_requestAccounts', 'eth_chainId', 'personal_sign'])
    expect(user.wallet).toEqual({ address: eth.address, chainType: 'ethereum', verifiedAt: expect.any(Number) })
    expect(user.wallets).toEqual([user.wallet])
    expect(client.$state.get()).toMatchObject({ isAuthenticated: true, user: { id: user.id, wallet: { address: eth.address } } })
    expect(client.$walletLogin.get()).toMatchObject({ status: 'done', error: null })
    expect(await client.getSessionTokens()).toMatchObject({ sessionToken: expect.stringMatching(/^session_/) })
  })

  it("goes through the client's login path: the 'login' event fires with the wallet user", async () => {
    cleanup.push(announce(window, { rdns: 'test.eth' }, fakeEthereum().provider))
    const client = create()
    await ready(client)
    const logins: unknown[] = []
    cleanup.push(client.on('login', ({ user }) => logins.push(user)))
    const user = await client.loginWithWallet()
    expect(logins).toEqual([user])
  })

  it('logs in with a Wallet Standard Solana wallet (SIWS, ed25519), picked by chain type', async () => {
    const sol = fakeSolana('Test SOL')
    cleanup.push(registerStandardWallet(window, sol.wallet))
    cleanup.push(announce(window, { name: 'Test ETH', rdns: 'test.eth' }, fakeEthereum().provider))
    const client = create()
    const user = await client.loginWithWallet({ chainType: 'solana' })
    expect(user.wallet).toEqual({ address: sol.address, chainType: 'solana', verifiedAt: expect.any(Number) })
    expect(user.email).toBe('')
  })

  it('reaches the same user with the same wallet, and keeps the session across a reload', async () => {
    const eth = fakeEthereum()
    cleanup.push(announce(window, { rdns: 'test.eth' }, eth.provider))
    const storage = mapStorage()
    const first = await create({ storage }).loginWithWallet()
    const reloaded = create({ storage })
    await ready(reloaded)
    expect(reloaded.$state.get().user).toMatchObject({ id: first.id, wallet: { address: eth.address } })
    await reloaded.logout()
    const again = await create().loginWithWallet()
    expect(again.id).toBe(first.id)
  })

  it('is wallet_rejected when the user rejects the signature, and the client stays logged out', async () => {
    const eth = fakeEthereum()
    eth.answer = 'reject'
    cleanup.push(announce(window, { rdns: 'test.eth' }, eth.provider))
    const client = create()
    await ready(client)
    const error = await failure(client.loginWithWallet())
    expect(isMoonKeyError(error) && error.code).toBe('wallet_rejected')
    expect(client.$walletLogin.get()).toMatchObject({ status: 'error', error })
    expect(client.$state.get().isAuthenticated).toBe(false)
    // The user changes their mind: the next try works.
    eth.answer = 'approve'
    expect((await client.loginWithWallet()).wallet?.address).toBe(eth.address)
  })

  it('is wallet_rejected when the user rejects in a Solana wallet', async () => {
    const sol = fakeSolana()
    sol.answer = 'reject'
    cleanup.push(registerStandardWallet(window, sol.wallet))
    const error = await failure(create().loginWithWallet({ chainType: 'solana' }))
    expect(isMoonKeyError(error) && error.code).toBe('wallet_rejected')
  })

  it('is wallet_not_found without a wallet (of that chain type)', async () => {
    const client = create()
    const none = await failure(client.loginWithWallet())
    expect(isMoonKeyError(none) && none.code).toBe('wallet_not_found')
    cleanup.push(announce(window, { rdns: 'test.eth' }, fakeEthereum().provider))
    const noSolana = await failure(client.loginWithWallet({ chainType: 'solana' }))
    expect(isMoonKeyError(noSolana) && noSolana.code).toBe('wallet_not_found')
  })

  it('turns other wallet failures into wallet_error, and API refusals into their MoonKeyError', async () => {
    const eth = fakeEthereum()
    eth.answer = new Error('Ledger disconnected')
    cleanup.push(announce(window, { rdns: 'test.eth' }, eth.provider))
    const client = create()
    const broken = await failure(client.loginWithWallet())
    expect(broken).toMatchObject({ code: 'wallet_error', message: 'The wallet failed: Ledger disconnected' })
    // A wallet that answers for another key than the account it shared.
    const impostor = fakeEthereum()
    const liar = { request: async (args: { method: string; params?: unknown[] }) => (args.method === 'personal_sign' ? impostor.provider.request(args) : eth.provider.request(args)) }
    cleanup.push(announce(window, { rdns: 'test.liar' }, liar))
    const [, wallet] = await client.getWallets()
    const refused = await failure(client.loginWithWallet({ wallet }))
    expect(refused).toMatchObject({ code: 'unauthorized', status: 401, errorType: 'signature_mismatch' })
  })
})
