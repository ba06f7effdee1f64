import { base58 } from '@scure/base'
import type { SolanaSignMessageFeature } from '@solana/wallet-standard-features'
import { getWallets } from '@wallet-standard/app'
import type { Wallet as StandardWallet, WalletAccount } from '@wallet-standard/base'

import type { Account, Found } from './connector.ts'

type Connect = { 'standard:connect': { connect(): Promise<{ accounts: readonly WalletAccount[] }> } }
type SolanaWallet = StandardWallet & { features: Connect & SolanaSignMessageFeature }

const isSolanaAccount = (account: WalletAccount): boolean => account.chains.some((chain) => chain.startsWith('solana:'))

/** Wallet Standard wallets that can connect and `solana:signMessage`, on a Solana chain. */
const isSolanaWallet = (wallet: StandardWallet): wallet is SolanaWallet =>
  'standard:connect' in wallet.features &&
  'solana:signMessage' in wallet.features &&
  wallet.chains.some((chain) => chain.startsWith('solana:'))

/** Connects a Wallet Standard wallet and signs with `solana:signMessage` (base58 signature). */
export const solanaAccount = async (wallet: SolanaWallet): Promise<Account> => {
  const { accounts } = await wallet.features['standard:connect'].connect()
  const account = accounts.find(isSolanaAccount) ?? accounts[0]
  if (!account) throw new Error('The wallet shared no account')
  return {
    address: account.address,
    sign: async (message) => {
      const [output] = await wallet.features['solana:signMessage'].signMessage({
        account,
        message: new TextEncoder().encode(message),
      })
      if (!output) throw new Error('The wallet returned no signature')
      // The wallet may have changed what it signed: the server checks that text.
      return { message: new TextDecoder().decode(output.signedMessage), signature: base58.encode(output.signature) }
    },
  }
}

/**
 * Watches the Wallet Standard registry (`@wallet-standard/app`) for Solana
 * wallets with `solana:signMessage`, including ones that register late.
 *
 * @example
 * const stop = watchSolana((found) => render(found.map((f) => f.wallet)))
 */
export const watchSolana = (onChange: (found: Found[]) => void): (() => void) => {
  const registry = getWallets()
  const update = (): void =>
    onChange(
      registry
        .get()
        .filter(isSolanaWallet)
        .map((wallet) => ({
          wallet: { id: `solana:${wallet.name}`, name: wallet.name, icon: wallet.icon, chainType: 'solana' as const },
          connect: () => solanaAccount(wallet),
        })),
    )
  const offRegister = registry.on('register', update)
  const offUnregister = registry.on('unregister', update)
  update()
  return () => {
    offRegister()
    offUnregister()
  }
}
