// The wallet login, loaded on first use by ../login/wallet.ts.
import type { WritableAtom } from 'nanostores'

import type { MoonKeyError } from '../errors.ts'
import type { WalletDeps } from '../login/wallet.ts'
import type { SessionAnswer } from '../session-store.ts'
import type { MoonKeyClient, WalletLoginState } from '../types.ts'
import type { Found } from './connector.ts'
import { discoverWallets } from './discovery.ts'
import { signInMessage } from './message.ts'

/** Whether a wallet error means the user said no (EIP-1193 4001, or a Solana wallet's equivalent). */
export const isRejection = (error: unknown): boolean => {
  const { code, name, message } = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown }
  return (
    code === 4001 ||
    code === 'ACTION_REJECTED' ||
    name === 'UserRejectedRequestError' ||
    /reject|denied|declined|cancel/i.test(typeof message === 'string' ? message : '')
  )
}

/** Any failure of a wallet login as a {@link MoonKeyError} (of the client's class `Err`). */
export const toWalletError = (error: unknown, Err: typeof MoonKeyError): MoonKeyError =>
  error instanceof Err
    ? error
    : isRejection(error)
      ? new Err('wallet_rejected', 'The request was rejected in the wallet')
      : new Err(
          'wallet_error',
          `The wallet failed: ${error instanceof Error || typeof (error as { message?: unknown })?.message === 'string' ? (error as Error).message : String(error)}`,
        )

/**
 * Starts wallet discovery into `$walletLogin` (in a browser) and returns the
 * client's `getWallets` and `loginWithWallet`, and `stop` (ends discovery).
 *
 * @example
 * const { loginWithWallet } = startWalletLogin($walletLogin, { http, login, clock, MoonKeyError })
 * const user = await loginWithWallet({ chainType: 'solana' })
 */
export const startWalletLogin = (
  $walletLogin: WritableAtom<WalletLoginState>,
  { http, login, clock, MoonKeyError }: WalletDeps,
): Pick<MoonKeyClient, 'getWallets' | 'loginWithWallet'> & { stop(): void } => {
  let found: Found[] = []
  const set = (patch: Partial<WalletLoginState>): void => $walletLogin.set({ ...$walletLogin.get(), ...patch })
  const stop =
    typeof window === 'undefined'
      ? () => {}
      : discoverWallets(window, (list) => {
          found = list
          set({ wallets: list.map((f) => f.wallet) })
        })

  return {
    stop,
    getWallets: async () => $walletLogin.get().wallets,

    loginWithWallet: async ({ wallet, chainType } = {}) => {
      try {
        const entry = found.find((f) =>
          wallet ? f.wallet.id === wallet.id : !chainType || f.wallet.chainType === chainType,
        )
        if (!entry) {
          throw new MoonKeyError(
            'wallet_not_found',
            wallet ? `The wallet ${wallet.name} is not installed` : `No ${chainType ? `${chainType} ` : ''}wallet is installed`,
          )
        }
        set({ status: 'connecting-wallet', error: null })
        const account = await entry.connect()
        set({ status: 'awaiting-signature' })
        const walletType = entry.wallet.chainType
        const { nonce } = await http<{ nonce: string }>('post', 'v1/auth/wallets/registrations/nonce', {
          wallet_type: walletType,
          public_address: account.address,
        })
        const { message, signature } = await account.sign(
          signInMessage({
            chainType: walletType,
            address: account.address,
            ...(account.chainId && { chainId: account.chainId }),
            nonce,
            origin: location.origin,
            issuedAt: new Date(clock.now()),
          }),
        )
        set({ status: 'verifying' })
        const user = await login(
          await http<SessionAnswer>('post', 'v1/auth/wallets/siwe/verify', {
            wallet_type: walletType,
            public_address: account.address,
            signature,
            siwe_challenge: message,
          }),
        )
        set({ status: 'done' })
        return user
      } catch (e) {
        const error = toWalletError(e, MoonKeyError)
        set({ status: 'error', error })
        throw error
      }
    },
  }
}
