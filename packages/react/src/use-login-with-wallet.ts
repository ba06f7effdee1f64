import {
  withWalletCallbacks,
  type LoginWithWalletCallbacks,
  type MoonKeyClient,
  type Wallet,
  type WalletLoginState,
} from '@moon-key/core'
import { useInsertionEffect, useMemo, useRef } from 'react'

import { useMoonKeyClient } from './context.ts'
import { useStore } from './use-store.ts'

export type { LoginWithWalletCallbacks }

export interface LoginWithWallet extends Pick<MoonKeyClient, 'loginWithWallet'> {
  /** The installed wallets, updated as they announce themselves. */
  wallets: Wallet[]
  /** `{ wallets, status, error }` of the wallet login. */
  state: WalletLoginState
}

/**
 * Wallet login (Sign-In with Ethereum / Solana) with your own UI. Mounting it
 * starts wallet discovery (the wallet code loads then).
 *
 * @example
 * const { wallets, loginWithWallet, state } = useLoginWithWallet({ onComplete: (user) => go('/') })
 * wallets.map((wallet) => <button onClick={() => loginWithWallet({ wallet })}>{wallet.name}</button>)
 */
export function useLoginWithWallet(callbacks: LoginWithWalletCallbacks = {}): LoginWithWallet {
  const client = useMoonKeyClient()
  const state = useStore(client.$walletLogin)
  const latest = useRef(callbacks)
  useInsertionEffect(() => {
    latest.current = callbacks
  })
  // A stable identity; the callbacks read at call time are the latest render's.
  const { loginWithWallet } = useMemo(() => withWalletCallbacks(client, () => latest.current), [client])
  return { wallets: state.wallets, loginWithWallet, state }
}
