import {
  CALLBACK_PARAMS,
  channelName,
  pendingKey,
  POPUP,
  REDIRECT,
  REOPEN_MODAL_KEY,
  type OAuthContext,
  type Pending,
} from './context.ts'
import { verifyCallback, withOutcome } from './verify.ts'

/** Reads and removes a `sessionStorage` entry. */
const take = (key: string): string | null => {
  try {
    const value = sessionStorage.getItem(key)
    sessionStorage.removeItem(key)
    return value
  } catch {
    return null
  }
}

const readPending = (key: string): Pending | null => {
  try {
    const pending = JSON.parse(take(key) ?? 'null') as Partial<Pending> | null
    return typeof pending?.state === 'string' && typeof pending.verifier === 'string'
      ? { state: pending.state, verifier: pending.verifier }
      : null
  } catch {
    return null
  }
}

/**
 * Handles the page load that ends an OAuth login (the redirect URL with `token`,
 * `moonkey_token_type=oauth` and `state`, or `error` and `state`). In the popup it
 * hands the result to the opener and closes; after a redirect it checks the state
 * against the pending login, verifies the token with its PKCE verifier and logs in.
 * Either way the callback parameters leave the address bar.
 *
 * @example
 * if (location.search.includes('moonkey_token_type=')) await handleOAuthCallback(ctx)
 */
export const handleOAuthCallback = async (ctx: OAuthContext): Promise<void> => {
  const url = new URL(location.href)
  const params = url.searchParams
  const result = { state: params.get('state'), token: params.get('token'), error: params.get('error') }
  const ours = params.get('moonkey_token_type') === 'oauth'
  const popup = result.state?.startsWith(POPUP) ?? false
  // Someone else's `state` parameter (the app's own, or another library's): not ours to touch.
  if (!popup && !result.state?.startsWith(REDIRECT)) return
  // A pending login is used once, whatever this page load brings.
  const pending = popup ? null : readPending(pendingKey(ctx.publishableKey))
  // An `error` parameter of the app's own, with no login of ours waiting: not ours to touch.
  if (!ours && !popup && !pending) return
  for (const name of CALLBACK_PARAMS) params.delete(name)
  history.replaceState(history.state, '', url)
  if (popup) {
    // Only the opener knows the state and the verifier; it checks both.
    const channel = new BroadcastChannel(channelName(ctx.publishableKey))
    channel.postMessage(result)
    channel.close()
    close()
    return
  }
  const fromModal = take(REOPEN_MODAL_KEY) !== null
  // A failed login the modal started opens the modal again, with the reason.
  await withOutcome(ctx, () => verifyCallback(ctx, pending, result)).catch(() => fromModal && ctx.start())
}
