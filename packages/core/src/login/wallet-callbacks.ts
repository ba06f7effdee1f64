import type { MoonKeyError } from '../errors.ts'
import type { MoonKeyClient, User } from '../types.ts'

/** The callbacks of the bindings' `useLoginWithWallet()`. */
export interface LoginWithWalletCallbacks {
  /** After `loginWithWallet` logged the user in. */
  onComplete?: (user: User) => void
  /** When `loginWithWallet` fails (the promise rejects too). */
  onError?: (error: MoonKeyError) => void
}

/**
 * The client's `loginWithWallet`, also calling the callbacks that `current()`
 * returns at that moment. The bindings' `useLoginWithWallet()` is this plus
 * their framework's subscription to `$walletLogin`.
 *
 * @example
 * const { loginWithWallet } = withWalletCallbacks(moonkey, () => ({
 *   onComplete: (user) => router.push('/'),
 * }))
 */
export const withWalletCallbacks = (
  client: Pick<MoonKeyClient, 'loginWithWallet'>,
  current: () => LoginWithWalletCallbacks,
): Pick<MoonKeyClient, 'loginWithWallet'> => ({
  loginWithWallet: (input) =>
    client.loginWithWallet(input).then(
      (user) => {
        current().onComplete?.(user)
        return user
      },
      (error: MoonKeyError) => {
        current().onError?.(error)
        throw error
      },
    ),
})
