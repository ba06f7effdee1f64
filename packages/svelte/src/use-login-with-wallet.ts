import {
  withWalletCallbacks,
  type LoginWithWalletCallbacks,
  type MoonKeyClient,
  type Wallet,
  type WalletLoginState,
} from '@moon-key/core'
import { fromStore } from 'svelte/store'

import { getMoonKeyClient } from './context.ts'

export type { LoginWithWalletCallbacks }

export interface LoginWithWallet extends Pick<MoonKeyClient, 'loginWithWallet'> {
  /** The installed wallets, updated as they announce themselves (reactive getter). */
  readonly wallets: Wallet[]
  /** `{ wallets, status, error }` of the wallet login (reactive getter). */
  readonly state: WalletLoginState
}

/**
 * Wallet login (Sign-In with Ethereum / Solana) with your own UI. Using it
 * starts wallet discovery (the wallet code loads then).
 *
 * @example
 * const login = useLoginWithWallet({ onComplete: () => goto('/') })
 * // {#each login.wallets as wallet}<button onclick={() => login.loginWithWallet({ wallet })}>{wallet.name}</button>{/each}
 */
export function useLoginWithWallet(callbacks: LoginWithWalletCallbacks = {}): LoginWithWallet {
  const client = getMoonKeyClient()
  const state = fromStore(client.$walletLogin)
  return {
    get wallets() {
      return state.current.wallets
    },
    get state() {
      return state.current
    },
    ...withWalletCallbacks(client, () => callbacks),
  }
}
