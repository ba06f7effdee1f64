import type { SessionAnswer } from '../session-store.ts'
import type { User } from '../types.ts'
import type { CallbackResult, OAuthContext, Pending } from './context.ts'

/**
 * Turns a callback into a login: the state must be the pending login's, the provider
 * must have sent a token, and the token is verified with the pending PKCE verifier.
 * Anything else logs nobody in.
 */
export const verifyCallback = async (
  { http, login, MoonKeyError }: OAuthContext,
  pending: Pending | null,
  result: CallbackResult,
): Promise<User> => {
  if (!pending || result.state !== pending.state) {
    throw new MoonKeyError('oauth_state_mismatch', 'This login answer does not belong to a login started here; try again')
  }
  if (result.error || !result.token) {
    throw new MoonKeyError('oauth_cancelled', 'The login was cancelled')
  }
  return login(
    await http<SessionAnswer>('post', 'v1/auth/oauth/verify', {
      token: result.token,
      code_verifier: pending.verifier,
    }),
  )
}

/** Runs an OAuth step and shows its outcome in `$loginState` (`done` or `error`). */
export const withOutcome = async (ctx: OAuthContext, run: () => Promise<User>): Promise<User> => {
  try {
    const user = await run()
    ctx.$loginState.set({ status: 'done', error: null })
    return user
  } catch (e) {
    // The API's failures already are MoonKeyErrors (the client's http); anything else
    // (storage refused, a browser without BroadcastChannel) is reported as it is.
    const error =
      e instanceof ctx.MoonKeyError
        ? e
        : new ctx.MoonKeyError('invalid_request', `The OAuth login failed: ${e instanceof Error ? e.message : String(e)}`)
    ctx.$loginState.set({ status: 'error', error })
    throw error
  }
}
