import { cookies, headers } from 'next/headers'
import { NextResponse, type NextRequest } from 'next/server'
import { parseSetCookieValue, SESSION_JWT_COOKIE, SESSION_TOKEN_COOKIE } from './cookies.ts'
import { isMoonKeyAuthError } from './errors.ts'
import { createRouteMatcher, isSignInPath, signInRedirect, type ProtectPattern } from './protect.ts'
import { serverFromEnv, type FrameworkServerOptions } from './server-from-env.ts'
import type { GetAuthOptions, ServerAuth } from './types.ts'

export type { ProtectPattern } from './protect.ts'
export type { ServerAuth } from './types.ts'

export interface MoonKeyMiddlewareOptions extends FrameworkServerOptions {
  /** Paths that need a session: `'/dashboard'`, `'/dashboard/:path*'` (and below), or a RegExp. */
  protect?: ProtectPattern[]
  /** Where logged-out requests for protected paths go (with `?redirect_url=`). Default `/sign-in`. */
  signInUrl?: string
}

export interface MoonKeyAuthOptions extends FrameworkServerOptions, GetAuthOptions {}

/** The first value of a header a proxy may have appended to. */
const firstValue = (value: string | null): string | undefined => value?.split(',')[0]?.trim() || undefined

/**
 * The URL the browser asked for. Next 15's `request.url` names the server's own
 * host (`localhost:3000` under `next start`, even behind a proxy), which would
 * send a redirect to the wrong host: the `Host` (or `X-Forwarded-Host`) and
 * `X-Forwarded-Proto` headers say which one the browser used.
 */
function browserUrl(request: NextRequest): URL {
  const url = new URL(request.url)
  const proto = firstValue(request.headers.get('x-forwarded-proto'))?.toLowerCase()
  const protocol = proto === 'http' || proto === 'https' ? `${proto}:` : url.protocol
  const host = firstValue(request.headers.get('x-forwarded-host')) ?? firstValue(request.headers.get('host'))
  const origin = host !== undefined && URL.canParse(`${protocol}//${host}`) ? new URL(`${protocol}//${host}`).origin : `${protocol}//${url.host}`
  const browser = new URL(origin)
  // Set, not parsed: a path like `//evil.example/x` must stay a path.
  browser.pathname = url.pathname
  browser.search = url.search
  return browser
}

/**
 * Next.js middleware (`middleware.ts`, Next 15, edge runtime) or proxy
 * (`proxy.ts`, Next 16): reads the session cookies, refreshes an expired JWT
 * (the new cookies go to the browser and to this request's server components
 * and route handlers), and redirects logged-out requests for `protect`ed paths
 * to `signInUrl` (307, with `?redirect_url=`). The secret key and API come from
 * the options or `MOONKEY_SECRET_KEY`, `MOONKEY_API_URL`, `MOONKEY_APP_ID`.
 * While the MoonKey API is down, protected paths answer 503 and nobody is
 * logged out.
 *
 * @example
 * // middleware.ts (Next 15) or proxy.ts (Next 16: `export const proxy = …`)
 * import { moonkeyMiddleware } from '@moon-key/server/next'
 *
 * export default moonkeyMiddleware({ protect: ['/dashboard/:path*'], signInUrl: '/' })
 * export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
 */
export function moonkeyMiddleware(options: MoonKeyMiddlewareOptions = {}): (request: NextRequest) => Promise<NextResponse> {
  const { protect, signInUrl = '/sign-in', ...serverOptions } = options
  const isProtected = createRouteMatcher(protect)

  return async (request) => {
    const url = browserUrl(request)
    const guarded = isProtected(url.pathname) && !isSignInPath(url, signInUrl)
    let result
    try {
      // The middleware needs no user: pages ask auth() for it.
      result = await serverFromEnv(serverOptions).getAuth({ headers: request.headers, url }, { user: false })
    } catch (error) {
      if (!isMoonKeyAuthError(error) || error.code !== 'api_unavailable') throw error
      if (!guarded) return NextResponse.next()
      const retry = error.retryAfter === undefined ? undefined : { 'Retry-After': String(error.retryAfter) }
      return new NextResponse('MoonKey API unavailable', { status: 503, headers: retry })
    }
    const toSet = result.setCookie.map(parseSetCookieValue)

    if (guarded && !result.auth) {
      const response = NextResponse.redirect(signInRedirect(url, signInUrl), 307)
      for (const cookie of toSet) response.cookies.set(cookie)
      return response
    }
    if (toSet.length === 0) return NextResponse.next()
    // This request's server components read the new cookies too (the @supabase/ssr pattern).
    for (const cookie of toSet) {
      if (cookie.maxAge === 0) request.cookies.delete(cookie.name)
      else request.cookies.set(cookie.name, cookie.value)
    }
    const response = NextResponse.next({ request: { headers: request.headers } })
    for (const cookie of toSet) response.cookies.set(cookie)
    return response
  }
}

/**
 * Who is logged in, for server components, route handlers and server actions
 * (reads the cookies of `next/headers`); null when nobody is. Fills `user`
 * unless `{ user: false }`. A refresh here (when the middleware did not run
 * for this path) sets the new cookies where Next.js allows it (route handlers,
 * server actions); a server component just renders with it.
 *
 * @example
 * import { auth } from '@moon-key/server/next'
 *
 * export default async function Page() {
 *   const session = await auth()
 *   return <p>{session ? `Welcome, ${session.user?.email}` : 'Logged out'}</p>
 * }
 */
export async function auth(options: MoonKeyAuthOptions = {}): Promise<ServerAuth | null> {
  const { user, ...serverOptions } = options
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()])
  const requestHeaders = new Headers(headerList)
  // The cookie store, not the header: a server action may have set cookies already.
  const pairs = [SESSION_JWT_COOKIE, SESSION_TOKEN_COOKIE].flatMap((name) => {
    const value = cookieStore.get(name)?.value
    return value ? [`${name}=${encodeURIComponent(value)}`] : []
  })
  requestHeaders.set('cookie', pairs.join('; '))
  const result = await serverFromEnv(serverOptions).getAuth({ headers: requestHeaders }, { user })
  for (const value of result.setCookie) {
    try {
      cookieStore.set(parseSetCookieValue(value))
    } catch {
      // A server component cannot set cookies: the next middleware run or the browser will.
    }
  }
  return result.auth
}
