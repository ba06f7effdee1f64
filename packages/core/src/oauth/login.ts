import type { OAuthLoginInput, User } from '../types.ts'
import {
  channelName,
  pendingKey,
  POPUP,
  REDIRECT,
  type CallbackResult,
  type OAuthContext,
  type Pending,
} from './context.ts'
import { randomString, s256 } from './pkce.ts'
import { verifyCallback, withOutcome } from './verify.ts'

/** How often a popup is checked for having been closed. */
export const POPUP_POLL_MS = 500

/**
 * Waits for the popup's page to hand back the callback of this login (same-origin
 * BroadcastChannel, matched by state). A popup closed without an answer is
 * `oauth_cancelled`; its page posts just before closing, so a close is only
 * believed on the next check.
 */
const popupResult = (ctx: OAuthContext, popup: Window, pending: Pending): Promise<CallbackResult> =>
  new Promise((resolve, reject) => {
    const channel = new BroadcastChannel(channelName(ctx.publishableKey))
    let closedOnce = false
    const stop = (): void => {
      clearInterval(timer)
      channel.close()
    }
    channel.onmessage = ({ data }: MessageEvent<Partial<CallbackResult> | null>) => {
      // Another login's answer, or a forged one: not this login's.
      if (data?.state !== pending.state) return
      stop()
      popup.close()
      resolve({
        state: data.state,
        token: typeof data.token === 'string' ? data.token : null,
        error: typeof data.error === 'string' ? data.error : null,
      })
    }
    const timer = setInterval(() => {
      if (!popup.closed) return
      if (closedOnce) {
        stop()
        reject(new ctx.MoonKeyError('oauth_cancelled', 'The login window was closed'))
      }
      closedOnce = true
    }, POPUP_POLL_MS)
  })

/**
 * Logs in with Google or Apple. `popup` is the window the client opened within the
 * click (`null` when the browser blocked it); redirect mode needs none.
 *
 * @example
 * await loginWithOAuth(ctx, { provider: 'google', mode: 'popup' }, open('', 'moonkey-oauth'))
 */
export const loginWithOAuth = (
  ctx: OAuthContext,
  { provider, mode = 'redirect', redirectUrl }: OAuthLoginInput,
  popup: Window | null | undefined,
): Promise<User> =>
  withOutcome(ctx, async () => {
    const { MoonKeyError } = ctx
    try {
      if (typeof window === 'undefined') throw new MoonKeyError('invalid_request', 'loginWithOAuth runs in a browser only')
      if (!crypto.subtle) {
        throw new MoonKeyError('invalid_request', 'loginWithOAuth needs a secure context (https, or http://localhost)')
      }
      if (provider !== 'google' && provider !== 'apple') {
        throw new MoonKeyError('invalid_request', 'provider must be "google" or "apple"')
      }
      if (mode !== 'redirect' && mode !== 'popup') {
        throw new MoonKeyError('invalid_request', 'mode must be "redirect" or "popup"')
      }
      if (mode === 'popup' && !popup) {
        throw new MoonKeyError('popup_blocked', 'The browser blocked the login window; allow popups or log in by redirect')
      }
      const back = new URL(redirectUrl ?? location.href, location.href)
      back.hash = ''
      if (back.origin !== location.origin) {
        throw new MoonKeyError('invalid_request', "redirectUrl must be on this page's origin")
      }
      const pending: Pending = { state: (mode === 'popup' ? POPUP : REDIRECT) + randomString(24), verifier: randomString() }
      ctx.$loginState.set({ status: 'awaiting-oauth', error: null })
      const query = new URLSearchParams({
        public_token: ctx.publishableKey,
        login_redirect_url: back.href,
        state: pending.state,
        code_challenge: await s256(pending.verifier),
      })
      const { redirect_url } = await ctx.http<{ redirect_url: string }>('get', `v1/auth/oauth/${provider}/begin?${query}`)
      if (!popup) {
        sessionStorage.setItem(pendingKey(ctx.publishableKey), JSON.stringify(pending))
        location.assign(redirect_url)
        // The page is leaving; the login ends when the app loads again. Unless the user
        // comes back with Back and the browser restores this very page from its cache.
        return new Promise<never>((_, reject) =>
          addEventListener(
            'pageshow',
            (event) => event.persisted && reject(new MoonKeyError('oauth_cancelled', 'The login was left with the Back button')),
            { once: true },
          ),
        )
      }
      popup.location.href = redirect_url
      return await verifyCallback(ctx, pending, await popupResult(ctx, popup, pending))
    } catch (error) {
      popup?.close()
      throw error
    }
  })
