import { atom } from 'nanostores'
import { vi } from 'vitest'

import type { ModalConfig, ModalUser, ModalWallet } from '../src/modal/types.ts'

export const MODAL_USER = { id: 'user_1', email: 'ada@example.com' }

/**
 * A logged-out client for the login modal's tests: `sendCode` resolves,
 * `loginWithCode` logs `MODAL_USER` in.
 *
 * @example
 * const client = fakeModalClient({ emailOtp: { resendCodeTime: 30 } })
 * openLoginModal(client)
 */
export function fakeModalClient(config: ModalConfig = {}) {
  const $state = atom<{ ready: boolean; isAuthenticated: boolean; user: ModalUser | null }>({
    ready: true,
    isAuthenticated: false,
    user: null,
  })
  return {
    $state,
    config,
    sendCode: vi.fn(async (_params: { email: string; disableSignup?: boolean }) => {}),
    loginWithCode: vi.fn(async (_params: { code: string }) => {
      $state.set({ ready: true, isAuthenticated: true, user: MODAL_USER })
      return MODAL_USER
    }),
  }
}

export const WALLET_ICON = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4='
export const WALLET_USER = {
  id: 'user_2',
  email: '',
  wallet: { address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045' },
}

/**
 * `fakeModalClient` that can log in with a wallet: `$walletLogin` lists
 * `wallets` (set it to announce more), `getWallets` resolves with them, and
 * `loginWithWallet` waits until the test calls `settle().resolve()` (logs
 * `WALLET_USER` in) or `settle().reject(error)`.
 *
 * @example
 * const { client, settle } = fakeWalletModalClient({ loginMethods: ['wallet'] }, [metamask])
 */
export function fakeWalletModalClient(config: ModalConfig = {}, wallets: ModalWallet[] = []) {
  const base = fakeModalClient(config)
  const $walletLogin = atom<{ wallets: ModalWallet[] }>({ wallets })
  let settle!: { resolve: () => void; reject: (error: unknown) => void }
  const client = {
    ...base,
    $walletLogin,
    getWallets: vi.fn(async () => $walletLogin.get().wallets),
    loginWithWallet: vi.fn(
      (_params: { wallet: ModalWallet }) =>
        new Promise<unknown>((resolve, reject) => {
          settle = {
            resolve: () => {
              base.$state.set({ ready: true, isAuthenticated: true, user: WALLET_USER })
              resolve(WALLET_USER)
            },
            reject,
          }
        }),
    ),
  }
  return { client, settle: () => settle }
}
