import type { MiddlewareHandler } from 'hono'
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
 * CORS for allowed origins only. A preflight from an allowed origin gets 204 with
 * the allow headers; a request carrying a refused `Origin` gets `403 forbidden` and
 * no CORS headers (so a browser can neither read it nor trigger side effects).
 * Requests without `Origin` (servers, curl) or from the emulator's own origin are not affected.
 */
export function cors(patterns: readonly string[]): MiddlewareHandler {
  const allowed = originMatcher(patterns)
  return async (c, next) => {
    const origin = requestHeader(c, 'origin')
    if (origin === undefined) return next()
    if (!allowed(origin)) {
      // Same-origin requests (the emulator's own pages posting their forms) are not CORS.
      if (origin === new URL(c.req.url).origin) return next()
      throw new ApiError(403, 'forbidden', `Origin ${origin} is not allowed.`)
    }
    c.header('Access-Control-Allow-Origin', origin)
    c.header('Vary', 'Origin')
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', CORS_ALLOW_METHODS)
      c.header('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS)
      c.header('Access-Control-Max-Age', '600')
      return c.body(null, 204)
    }
    c.header('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS)
    return next()
  }
}
