import type { Context } from 'hono'
import { ApiError } from './errors.ts'
import { requestHeader } from './request-header.ts'

const escape = (value: string): string => value.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

/**
 * Compiles allowed-origin patterns: exact origins, `:*` for any port
 * (`http://localhost:*`), `*` elsewhere for one host label run (`https://*.example.com`).
 */
export function originMatcher(patterns: readonly string[]): (origin: string) => boolean {
  const regexes = patterns.map((pattern) => {
    const source = escape(pattern.replace(/\/+$/, ''))
      .replace(/:\*$/, '(?::\\d{1,5})?')
      .replace(/\*/g, '[a-z0-9-]+(?:\\.[a-z0-9-]+)*')
    return new RegExp(`^${source}$`, 'i')
  })
  return (origin) => regexes.some((regex) => regex.test(origin))
}

export const CORS_ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS'
export const CORS_ALLOW_HEADERS = 'Authorization, Content-Type'
export const CORS_EXPOSE_HEADERS = 'Retry-After, X-Request-Id'

/**
 * CORS for allowed origins only, as a check the API's common middleware runs
 * (app.ts): it adds the CORS answer headers to `headers` and returns `'preflight'`
 * when the request is a preflight to answer with 204 at once. A preflight from an
 * allowed origin gets the allow headers; a request carrying a refused `Origin`
 * gets `403 forbidden` (thrown) and no CORS headers (so a browser can neither
 * read it nor trigger side effects). Requests without `Origin` (servers, curl) or
 * from the emulator's own origin are not affected.
 *
 * @example
 * const checkCors = corsCheck(['http://localhost:*'])
 * if (checkCors(c, headers) === 'preflight') return c.body(null, 204)
 */
export function corsCheck(patterns: readonly string[]): (c: Context, headers: Record<string, string>) => 'preflight' | undefined {
  const allowed = originMatcher(patterns)
  return (c, headers) => {
    const origin = requestHeader(c, 'origin')
    if (origin === undefined) return undefined
    if (!allowed(origin)) {
      // Same-origin requests (the emulator's own pages posting their forms) are not CORS.
      if (origin === new URL(c.req.url).origin) return undefined
      throw new ApiError(403, 'forbidden', `Origin ${origin} is not allowed.`)
    }
    headers['access-control-allow-origin'] = origin
    headers['vary'] = 'Origin'
    if (c.req.method === 'OPTIONS') {
      headers['access-control-allow-methods'] = CORS_ALLOW_METHODS
      headers['access-control-allow-headers'] = CORS_ALLOW_HEADERS
      headers['access-control-max-age'] = '600'
      return 'preflight'
    }
    headers['access-control-expose-headers'] = CORS_EXPOSE_HEADERS
    return undefined
  }
}
