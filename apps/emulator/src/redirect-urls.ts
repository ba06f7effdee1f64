import { originMatcher } from './cors.ts'

/**
 * Compiles the OAuth redirect-URL allowlist. A pattern is an origin pattern as for
 * CORS (`http://localhost:*` = any port), then optionally a path: without one any
 * path on a matching origin is allowed, with one only that exact path.
 *
 * A URL is allowed only if it parses, is `http:` or `https:`, has no user info and no
 * fragment, and matches a pattern by its parsed origin, so `http://localhost@evil.example/`
 * or `http://localhost.evil.example/` never pass.
 *
 * @example
 * const allowed = redirectUrlMatcher(['http://localhost:*', 'https://app.example.com/callback'])
 * allowed('http://localhost:5173/any/path') // true
 * allowed('https://app.example.com/other') // false
 */
export function redirectUrlMatcher(patterns: readonly string[]): (url: string) => boolean {
  const rules = patterns.map((pattern) => {
    const pathAt = pattern.indexOf('/', pattern.indexOf('://') + 3)
    const origin = pathAt === -1 ? pattern : pattern.slice(0, pathAt)
    const path = pathAt === -1 ? undefined : pattern.slice(pathAt)
    return { origin: originMatcher([origin]), path: path === '/' ? undefined : path }
  })
  return (raw) => {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return false
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
    if (url.username || url.password || url.hash || raw.includes('#')) return false
    return rules.some((rule) => rule.origin(url.origin) && (rule.path === undefined || rule.path === url.pathname))
  }
}
