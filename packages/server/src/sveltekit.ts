import { redirect, type Handle } from '@sveltejs/kit'
import { parseSetCookieValue } from './cookies.ts'
import { isMoonKeyAuthError } from './errors.ts'
import { createRouteMatcher, isSignInPath, signInRedirect, type ProtectPattern } from './protect.ts'
import { serverFromEnv, type FrameworkServerOptions } from './server-from-env.ts'
import type { GetAuthOptions, ServerAuth } from './types.ts'

export type { ProtectPattern } from './protect.ts'
export type { ServerAuth } from './types.ts'

declare global {
  // Adds `event.locals.auth` to SvelteKit's Locals (declaration merging, as in src/app.d.ts).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace App {
    interface Locals {
      /** Set by `moonkeyHandle()`: who is logged in, or null. */
      auth: ServerAuth | null
    }
  }
}

export interface MoonKeyHandleOptions extends FrameworkServerOptions, GetAuthOptions {
  /** Paths that need a session: `'/dashboard'`, `'/dashboard/:path*'` (and below), or a RegExp. */
  protect?: ProtectPattern[]
  /** Where logged-out requests for protected paths go (with `?redirect_url=`). Default `/sign-in`. */
  signInUrl?: string
}

/**
 * A SvelteKit `handle` for `hooks.server.ts`: reads the session cookies, sets
 * `event.locals.auth` (who is logged in, or null; with `user` unless
 * `{ user: false }`), refreshes an expired JWT through `event.cookies`, and
 * redirects logged-out requests for `protect`ed paths to `signInUrl` (307,
 * with `?redirect_url=`; thrown with SvelteKit's `redirect`, so client-side
 * navigations and form actions are redirected too). The secret key and API come from the options or
 * `MOONKEY_SECRET_KEY`, `MOONKEY_API_URL`, `MOONKEY_APP_ID`. While the MoonKey
 * API is down, protected paths answer 503, others render logged out, and
 * nobody's cookies are touched.
 *
 * @example
 * // src/hooks.server.ts
 * import { env } from '$env/dynamic/private'
 * import { moonkeyHandle } from '@moon-key/server/sveltekit'
 *
 * export const handle = moonkeyHandle({ secretKey: env.MOONKEY_SECRET_KEY, protect: ['/dashboard/:path*'], signInUrl: '/' })
 */
export function moonkeyHandle(options: MoonKeyHandleOptions = {}): Handle {
  const { protect, signInUrl = '/sign-in', user, ...serverOptions } = options
  const isProtected = createRouteMatcher(protect)

  return async ({ event, resolve }) => {
    const guarded = isProtected(event.url.pathname) && !isSignInPath(event.url, signInUrl)
    let result
    try {
      result = await serverFromEnv(serverOptions).getAuth({ headers: event.request.headers, url: event.url }, { user })
    } catch (error) {
      if (!isMoonKeyAuthError(error) || error.code !== 'api_unavailable') throw error
      if (guarded) {
        const retry = error.retryAfter === undefined ? undefined : { 'Retry-After': String(error.retryAfter) }
        return new Response('MoonKey API unavailable', { status: 503, headers: retry })
      }
      event.locals.auth = null
      return resolve(event)
    }
    event.locals.auth = result.auth
    for (const value of result.setCookie) {
      const { name, value: cookieValue, maxAge, ...attributes } = parseSetCookieValue(value)
      if (maxAge === 0) event.cookies.delete(name, { ...attributes, expires: undefined })
      else event.cookies.set(name, cookieValue, { ...attributes, maxAge })
    }
    // SvelteKit's own redirect: it carries the cookies above and answers client-side
    // navigations (`__data.json`) and form actions in the JSON they expect.
    if (guarded && !result.auth) redirect(307, signInRedirect(event.url, signInUrl).href)
    return resolve(event)
  }
}
