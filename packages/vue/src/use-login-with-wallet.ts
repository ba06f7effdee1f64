import {
  withWalletCallbacks,
  type LoginWithWalletCallbacks,
  type MoonKeyClient,
  type Wallet,
  type WalletLoginState,
} from '@moon-key/core'
import { useStore } from '@nanostores/vue'
import { toRef, type Ref } from 'vue'

import { useMoonKeyClient } from './context.ts'

export type { LoginWithWalletCallbacks }

export interface LoginWithWallet extends Pick<MoonKeyClient, 'loginWithWallet'> {
  /** The installed wallets, updated as they announce themselves (read-only). */
  wallets: Readonly<Ref<Wallet[]>>
  /** `{ wallets, status, error }` of the wallet login, read-only. */
  state: Readonly<Ref<WalletLoginState>>
}

/**
 * Wallet login (Sign-In with Ethereum / Solana) with your own UI. Using it
 * starts wallet discovery (the wallet code loads then).
 *
 * @example
 * const { wallets, loginWithWallet, state } = useLoginWithWallet({ onComplete: () => router.push('/') })
 * // <button v-for="wallet in wallets" @click="loginWithWallet({ wallet })">{{ wallet.name }}</button>
 */
export function useLoginWithWallet(callbacks: LoginWithWalletCallbacks = {}): LoginWithWallet {
  const client = useMoonKeyClient()
  const state = useStore(client.$walletLogin) as Readonly<Ref<WalletLoginState>>
  return {
    wallets: toRef(() => state.value.wallets),
    state,
    ...withWalletCallbacks(client, () => callbacks),
  }
}
