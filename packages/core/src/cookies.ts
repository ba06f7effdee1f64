// The session cookies, loaded with a dynamic import() when the `cookies` option is on.
import { development } from './dev.ts'
import type { MoonKeyError } from './errors.ts'
import type { SessionStore } from './session-store.ts'
import type { CookieOptions } from './types.ts'

/** The session JWT's cookie, then the session token's (which lets the server refresh an expired JWT). */
export const COOKIES = ['moonkey_session', 'moonkey_session_token'] as const

/**
 * Mirrors the session of `store` into the two session cookies (see
 * {@link COOKIES}). It wraps `put` and `ready`, which every change of the
 * session goes through (a login, a new JWT, a logout here or in another tab,
 * a revoked or expired session), so once the store is hydrated the cookies
 * show what it holds. They expire with the session; a logout deletes them.
 * A cookie too large for browsers (over 4 KB) is reported in development as
 * a `cookie_too_large` error on the console. Browser only. The client's error
 * class comes positionally, so this chunk does not import the core.
 *
 * @example
 * trackCookies(store, { sameSite: 'strict' }, MoonKeyError)
 */
export const trackCookies = (
  store: SessionStore,
  options: CookieOptions | boolean,
  ErrorClass: typeof MoonKeyError,
): void => {
  const { secure = location.protocol == 'https:', sameSite = 'lax', domain, path = '/' } = options === true || !options ? {} : options
  const attributes = `;Path=${path};SameSite=${sameSite}${domain ? ';Domain=' + domain : ''}${secure ? ';Secure' : ''}`
  const sync = (): void => {
    const record = store.current
    const expires = ';Expires=' + new Date(record ? record.session.expiresAt * 1000 : 0).toUTCString()
    ;[record?.jwt, record?.token].forEach((value = '', i) => {
      const cookie = COOKIES[i] + '=' + encodeURIComponent(value)
      if (development() && cookie.length > 4096) {
        console.error(new ErrorClass('cookie_too_large', `[moonkey] The ${COOKIES[i]} cookie is over 4 KB: browsers drop it.`))
      }
      document.cookie = cookie + expires + attributes
    })
  }
  const { put, ready } = store as Omit<SessionStore, 'put'> & { put: (...args: unknown[]) => boolean }
  store.put = ((...args: unknown[]) => {
    const took = put(...args)
    if (took && store.hydrated) sync()
    return took
  }) as SessionStore['put']
  store.ready = () => {
    ready()
    sync()
  }
  // Loaded after the store was hydrated: catch up.
  if (store.hydrated) sync()
}
