import type { LoginWithEmailCallbacks } from './email-login.ts'
import type { MoonKeyClient, OAuthLoginInput, User } from './types.ts'

/** The callbacks of the bindings' `useLoginWithOAuth()`: the same as for email. */
export type LoginWithOAuthCallbacks = LoginWithEmailCallbacks

export interface LoginWithOAuthActions {
  /** `loginWithOAuth` under Privy's name: `{ provider, mode?, redirectUrl? }`. */
  initOAuth(input: OAuthLoginInput): Promise<User>
}

/**
 * The client's `loginWithOAuth` as `initOAuth`, also calling the callbacks that
 * `current()` returns at that moment: `onComplete` after a popup login, `onError`
 * when a login fails or cannot start. A redirect leaves the page, so its outcome
 * shows on the page that comes back, in `$loginState` and `$state`. The bindings'
 * `useLoginWithOAuth()` is this plus their framework's store subscription.
 *
 * @example
 * const { initOAuth } = withOAuthCallbacks(moonkey, () => ({ onComplete: (user) => greet(user) }))
 * button.onclick = () => initOAuth({ provider: 'google', mode: 'popup' })
 */
export const withOAuthCallbacks = (
  client: Pick<MoonKeyClient, 'loginWithOAuth'>,
  current: () => LoginWithOAuthCallbacks,
): LoginWithOAuthActions => ({
  initOAuth: (input) =>
    client.loginWithOAuth(input).then(
      (user) => {
        current().onComplete?.(user)
        return user
      },
      (error) => {
        current().onError?.(error)
        throw error
      },
    ),
})
