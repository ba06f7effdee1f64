import type { IncomingMessage, ServerResponse } from 'node:http'
import { authErrorResponse, isMoonKeyAuthError, type MoonKeyAuthError } from './errors.ts'
import type { MoonKeyServer, RequestAuth } from './types.ts'

declare global {
  // Adds `req.moonkey` to Express's Request type (declaration merging, as passport does).
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `requireSession()`: who is calling, and with which credential. */
      moonkey?: RequestAuth
    }
  }
}

/**
 * Every `Authorization` line of a Node request. `req.headers` keeps only the first
 * of repeated `Authorization` headers, which would hide an ambiguous request;
 * `rawHeaders` has them all, so `authenticateRequest` sees what a Fetch `Request`
 * would and refuses it the same way.
 */
function authorizationValues(req: IncomingMessage): string[] {
  const raw = req.rawHeaders as string[] | undefined
  if (!raw) return req.headers.authorization === undefined ? [] : [req.headers.authorization]
  const values: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.length === 13 && raw[i]!.toLowerCase() === 'authorization') values.push(raw[i + 1]!)
  }
  return values
}

/** A Node request after `requireSession()` ran. */
export type AuthenticatedRequest<R extends IncomingMessage = IncomingMessage> = R & { moonkey: RequestAuth }

export interface RequireSessionOptions {
  /**
   * Answers a failed authentication instead of the default (`401 { error }` for
   * the caller's fault, `503` when the MoonKey API is unavailable).
   */
  onError?: (error: MoonKeyAuthError, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void
}

/**
 * Express / Connect middleware: verifies the `Authorization: Bearer …`
 * credential (session token via the API, session JWT offline), or without
 * one the session cookies, and sets `req.moonkey`. Answers 401 `{ "error": "Missing authorization header" }` or
 * `{ "error": "Invalid session" }`, and 503 `{ "error": "MoonKey API unavailable" }`.
 * Other errors go to `next(error)`.
 *
 * @example
 * import { requireSession } from '@moon-key/server/express'
 *
 * app.get('/api/me', requireSession(moonkey), (req, res) => {
 *   res.json({ userId: req.moonkey!.userId })
 * })
 */
export function requireSession(moonkey: MoonKeyServer, options: RequireSessionOptions = {}) {
  return (req: IncomingMessage & { moonkey?: RequestAuth }, res: ServerResponse, next: (error?: unknown) => void): void => {
    const headers = new Headers()
    try {
      for (const value of authorizationValues(req)) headers.append('authorization', value)
      // The session cookies count when there is no Bearer header (as for a Fetch Request).
      if (typeof req.headers.cookie === 'string') headers.set('cookie', req.headers.cookie)
    } catch {
      // A header value Headers refuses is no credential at all.
    }
    moonkey.authenticateRequest({ headers }).then(
      (auth) => {
        req.moonkey = auth
        next()
      },
      (error: unknown) => {
        if (!isMoonKeyAuthError(error)) return next(error)
        if (options.onError) return options.onError(error, req, res, next)
        const answer = authErrorResponse(error)
        res.statusCode = answer.status
        for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value)
        res.setHeader('Content-Type', 'application/json; charset=utf-8')
        res.end(JSON.stringify(answer.body))
      },
    )
  }
}
