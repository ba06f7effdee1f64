// The OAuth login, loaded with a dynamic import() on first use.
import type { MoonKeyClient, OAuthLoginInput, User } from '../types.ts'
import { handleOAuthCallback } from './callback.ts'
import type { OAuthContext } from './context.ts'
import { loginWithOAuth } from './login.ts'

/**
 * The chunk's one entry, so the client's eager code calls one name. With `input`
 * it starts a login (in `popup` when given); without, it finishes the one coming
 * back from the provider on this page load. The client's parts come positionally
 * (the eager bundle pays for no property names) and become an {@link OAuthContext}.
 *
 * @example
 * await runOAuth(undefined, undefined, http, key, login, client, MoonKeyError)
 */
export const runOAuth = (
  input: OAuthLoginInput | undefined,
  /** The popup opened within the click; `null` when blocked, `false` or absent by redirect. */
  popup: Window | null | false | undefined,
  ...[http, publishableKey, login, client, MoonKeyError]: [
    OAuthContext['http'],
    OAuthContext['publishableKey'],
    OAuthContext['login'],
    /** The client itself: its `start`, and its `$loginState` (writable inside the client). */
    Pick<MoonKeyClient, '$loginState' | 'start'>,
    OAuthContext['MoonKeyError'],
  ]
): Promise<User | void> => {
  // The client's $loginState is the email login's atom, writable inside the client.
  const $loginState = client.$loginState as OAuthContext['$loginState']
  const ctx: OAuthContext = { http, publishableKey, login, $loginState, MoonKeyError, start: client.start }
  return input ? loginWithOAuth(ctx, input, popup || (popup === null ? null : undefined)) : handleOAuthCallback(ctx)
}
