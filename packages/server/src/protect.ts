import { MoonKeyAuthError } from './errors.ts'

/**
 * A protected path: `'/dashboard'` (that path only), `'/dashboard/:path*'`
 * (that path and everything below it), or a RegExp tested against the
 * pathname. `'/:path*'` protects every path.
 */
export type ProtectPattern = string | RegExp

/** `/a//b/` → `/a/b`, `%64ashboard` → `dashboard`: what the router will serve, not how it was spelled. */
export function normalizePath(pathname: string): string {
  let path = pathname
  try {
    path = decodeURIComponent(pathname)
  } catch {
    // A malformed escape stays as it is.
  }
  path = path.replace(/\/{2,}/g, '/')
  return path.length > 1 ? path.replace(/\/+$/, '') : path
}

/**
 * A test for the `protect` option of the Next.js and SvelteKit helpers. Throws
 * `invalid_configuration` for a pattern outside the documented syntax, rather
 * than protecting less than meant.
 *
 * @example
 * const isProtected = createRouteMatcher(['/dashboard/:path*', '/settings'])
 * isProtected('/dashboard/billing') // true
 */
export function createRouteMatcher(patterns: readonly ProtectPattern[] = []): (pathname: string) => boolean {
  const tests = patterns.map((pattern): ((path: string) => boolean) => {
    if (pattern instanceof RegExp) {
      return (path) => {
        pattern.lastIndex = 0
        return pattern.test(path)
      }
    }
    const below = typeof pattern === 'string' && pattern.endsWith('/:path*')
    const base = typeof pattern === 'string' ? normalizePath(below ? pattern.slice(0, -'/:path*'.length) || '/' : pattern) : ''
    if (typeof pattern !== 'string' || !pattern.startsWith('/') || /[:*()?]/.test(base)) {
      throw new MoonKeyAuthError(
        'invalid_configuration',
        `protect: ${String(pattern)} is not a path like '/dashboard' or '/dashboard/:path*' (use a RegExp for anything else).`,
      )
    }
    if (!below) return (path) => path === base
    return base === '/' ? () => true : (path) => path === base || path.startsWith(`${base}/`)
  })
  return (pathname) => {
    const path = normalizePath(pathname)
    return tests.some((test) => test(path))
  }
}

/**
 * Where a logged-out request for a protected page goes: `signInUrl` (resolved
 * against the request), with `redirect_url` set to the page's path and query
 * (a same-origin path, never a full URL).
 *
 * @example
 * signInRedirect(new URL('https://app.example/dashboard?tab=2'), '/sign-in').href
 * // 'https://app.example/sign-in?redirect_url=%2Fdashboard%3Ftab%3D2'
 */
export function signInRedirect(requestUrl: URL, signInUrl: string): URL {
  const target = new URL(signInUrl, requestUrl)
  // One leading slash: `//evil.example` would be a URL of another host.
  const path = `/${requestUrl.pathname.replace(/^\/+/, '')}${requestUrl.search}`
  target.searchParams.set('redirect_url', path)
  return target
}

/** Whether a request is for the sign-in page itself (never protected: that would loop). */
export function isSignInPath(requestUrl: URL, signInUrl: string): boolean {
  const target = new URL(signInUrl, requestUrl)
  return target.origin === requestUrl.origin && normalizePath(target.pathname) === normalizePath(requestUrl.pathname)
}
