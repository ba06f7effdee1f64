import type { Context, MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { authErrorResponse, isMoonKeyAuthError, type MoonKeyAuthError } from './errors.ts'
import type { MoonKeyServer, RequestAuth } from './types.ts'

/** The Hono `Variables` that `requireSession()` sets: `c.get('moonkey')`. */
export interface MoonKeyVariables {
  moonkey: RequestAuth
}

export interface RequireSessionOptions {
  /**
   * Answers a failed authentication instead of the default (`401 { error }` for
   * the caller's fault, `503` when the MoonKey API is unavailable).
   */
  onError?: (error: MoonKeyAuthError, c: Context) => Response | Promise<Response>
}

/**
 * Hono middleware: verifies the `Authorization: Bearer …` credential (session
 * token via the API, session JWT offline), or without one the session
 * cookies, and sets `c.get('moonkey')`.
 * Answers 401 `{ "error": "Missing authorization header" }` or
 * `{ "error": "Invalid session" }`, and 503 `{ "error": "MoonKey API unavailable" }`.
 * Works on every runtime Hono runs on.
 *
 * @example
 * import { requireSession } from '@moon-key/server/hono'
 *
 * app.get('/api/me', requireSession(moonkey), (c) => c.json({ userId: c.get('moonkey').userId }))
 */
export function requireSession(
  moonkey: MoonKeyServer,
  options: RequireSessionOptions = {},
): MiddlewareHandler<{ Variables: MoonKeyVariables }> {
  return async (c, next) => {
    let auth: RequestAuth
    try {
      auth = await moonkey.authenticateRequest(c.req.raw)
    } catch (error) {
      if (!isMoonKeyAuthError(error)) throw error
      if (options.onError) return options.onError(error, c)
      const answer = authErrorResponse(error)
      return c.json(answer.body, answer.status as ContentfulStatusCode, answer.headers)
    }
    c.set('moonkey', auth)
    await next()
  }
}
