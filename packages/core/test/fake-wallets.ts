// Wallets for tests: an EIP-1193 provider over a viem account, announced
// through EIP-6963, and a Wallet Standard Solana wallet over an ed25519 key.
import { generateKeyPairSync, sign } from 'node:crypto'

import type { Wallet as StandardWallet, WalletAccount } from '@wallet-standard/base'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

import type { Eip1193Provider, Eip6963Detail } from '../src/wallet/ethereum.ts'
import { base58 } from '@scure/base'

export const ICON = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=' as const

/** A user's answer to a wallet prompt: sign, or reject like EIP-1193 (code 4001). */
export type Answer = 'approve' | 'reject' | Error

export interface FakeEthereum {
  provider: Eip1193Provider
  address: `0x${string}`
  /** What the next `personal_sign` does (default approve). */
  answer: Answer
  /** Methods asked for, in order. */
  calls: string[]
}

const rejection = (): Error & { code: number } => Object.assign(new Error('User rejected the request.'), { code: 4001 })

/** An EIP-1193 provider backed by a fresh secp256k1 key (or `signer`'s). */
export const fakeEthereum = (chainId = 1, signer = privateKeyToAccount(generatePrivateKey())): FakeEthereum => {
  const account = signer
  const fake: FakeEthereum = {
    address: account.address,
    answer: 'approve',
    calls: [],
    provider: {
      request: async ({ method, params }) => {
        fake.calls.push(method)
        if (method === 'eth_requestAccounts') return [account.address.toLowerCase()]
        if (method === 'eth_chainId') return `0x${chainId.toString(16)}`
        if (method === 'personal_sign') {
          if (fake.answer === 'reject') throw rejection()
          if (fake.answer instanceof Error) throw fake.answer
          return account.signMessage({ message: { raw: (params as [`0x${string}`])[0] } })
        }
        throw Object.assign(new Error(`Unsupported method ${method}`), { code: 4200 })
      },
    },
  }
  return fake
}

/**
 * Announces `provider` through EIP-6963 now and on every request, like an
 * extension. Returns a function that stops answering requests.
 */
export const announce = (win: Window, info: Partial<Eip6963Detail['info']>, provider: Eip1193Provider): (() => void) => {
  const detail = { info: { uuid: crypto.randomUUID(), name: 'Test', icon: ICON, rdns: 'test.wallet', ...info }, provider }
  const send = (): void => void win.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }))
  win.addEventListener('eip6963:requestProvider', send)
  send()
  return () => win.removeEventListener('eip6963:requestProvider', send)
}

export interface FakeSolana {
  wallet: StandardWallet
  address: string
  answer: Answer
}

/** A Wallet Standard wallet with `standard:connect` and `solana:signMessage`, over a fresh ed25519 key. */
export const fakeSolana = (name = 'Test Solana', features: string[] = ['standard:connect', 'solana:signMessage']): FakeSolana => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  const address = base58.encode(raw)
  const account: WalletAccount = {
    address,
    publicKey: new Uint8Array(raw),
    chains: ['solana:mainnet'],
    features: ['solana:signMessage'],
  }
  const all: Record<string, unknown> = {
    'standard:connect': { version: '1.0.0', connect: async () => ({ accounts: [account] }) },
    'solana:signMessage': {
      version: '1.0.0',
      signMessage: async ({ message }: { message: Uint8Array }) => {
        if (fake.answer === 'reject') throw rejection()
        if (fake.answer instanceof Error) throw fake.answer
        return [{ signedMessage: message, signature: new Uint8Array(sign(null, message, privateKey)) }]
      },
    },
  }
  const fake: FakeSolana = {
    address,
    answer: 'approve',
    wallet: {
      version: '1.0.0',
      name,
      icon: ICON,
      chains: ['solana:mainnet'],
      accounts: [],
      features: Object.fromEntries(features.map((feature) => [feature, all[feature] ?? { version: '1.0.0' }])),
    },
  }
  return fake
}

/** Registers a Wallet Standard wallet the way wallets do (the register-wallet event); returns its unregister. */
export const registerStandardWallet = (win: Window, wallet: StandardWallet): (() => void) => {
  let unregister = (): void => {}
  win.dispatchEvent(
    new CustomEvent('wallet-standard:register-wallet', {
      detail: ({ register }: { register: (w: StandardWallet) => () => void }) => {
        unregister = register(wallet)
      },
    }),
  )
  return () => unregister()
}
