/** Stable error codes of {@link MoonKeyAuthError}. */
export type MoonKeyAuthErrorCode =
  /** No `Authorization: Bearer …` credential (or an empty one). → 401 */
  | 'missing_credentials'
  /** Several credentials in one request (two `Authorization` headers, or Bearer and another scheme). → 400 */
  | 'ambiguous_credentials'
  /** Malformed, wrongly signed, wrong algorithm, issuer or audience, unknown key. → 401 */
  | 'invalid_token'
  /** A session JWT past its `exp` (plus the clock tolerance). → 401 */
  | 'token_expired'
  /** The API says the session is unknown, expired or revoked. → 401 */
  | 'session_not_found'
  /** `getUser()` / `listSessions()` for an unknown user. → 404 */
  | 'user_not_found'
  /** A call the API refused as malformed (e.g. a bad id). → 400 */
  | 'invalid_request'
  /** The API could not be reached, timed out, answered 5xx or 429. → 503 */
  | 'api_unavailable'
  /** Missing or refused secret key, bad `apiUrl`, and other setup mistakes. → 500 */
  | 'invalid_configuration'

interface MoonKeyAuthErrorDetails {
  /** The API's HTTP status, when it answered. */
  apiStatus?: number | undefined
  /** The API's `error_type`, when it answered. */
  errorType?: string | undefined
  /** The API's `request_id`, for support requests. */
  requestId?: string | undefined
  /** Seconds to wait before retrying (from `Retry-After`). */
  retryAfter?: number | undefined
  cause?: unknown
}

const STATUS: Record<MoonKeyAuthErrorCode, number> = {
  missing_credentials: 401,
  ambiguous_credentials: 400,
  invalid_token: 401,
  token_expired: 401,
  session_not_found: 401,
  user_not_found: 404,
  invalid_request: 400,
  api_unavailable: 503,
  invalid_configuration: 500,
}

/**
 * Every failure of `@moon-key/server`. `code` is stable, `status` is the HTTP
 * status your route should answer (401 when the caller is at fault, 503 when
 * the MoonKey API is). Messages never contain the secret key, a session token
 * or a JWT.
 *
 * @example
 * try {
 *   const { user } = await moonkey.verifySession(token)
 * } catch (error) {
 *   if (isMoonKeyAuthError(error)) return Response.json({ error: error.message }, { status: error.status })
 *   throw error
 * }
 */
export class MoonKeyAuthError extends Error {
  override name = 'MoonKeyAuthError'
  readonly code: MoonKeyAuthErrorCode
  /** The HTTP status a route should answer with for this error. */
  readonly status: number
  readonly apiStatus: number | undefined
  readonly errorType: string | undefined
  readonly requestId: string | undefined
  readonly retryAfter: number | undefined

  constructor(code: MoonKeyAuthErrorCode, message: string, details: MoonKeyAuthErrorDetails = {}) {
    super(redact(message), details.cause === undefined ? undefined : { cause: details.cause })
    this.code = code
    this.status = STATUS[code]
    this.apiStatus = details.apiStatus
    this.errorType = details.errorType
    this.requestId = details.requestId
    this.retryAfter = details.retryAfter
  }
}

/**
 * Type guard for {@link MoonKeyAuthError}.
 *
 * @example
 * if (isMoonKeyAuthError(error) && error.code === 'api_unavailable') retryLater()
 */
export const isMoonKeyAuthError = (error: unknown): error is MoonKeyAuthError =>
  error instanceof MoonKeyAuthError

/** Removes anything shaped like a secret key, a session token or a JWT from a message. */
export const redact = (text: string): string =>
  text
    .replace(/\bsk_(?:test|live)_[A-Za-z0-9_-]+/g, 'sk_[redacted]')
    .replace(/session_[A-Za-z0-9]{16,}|eyJ[\w-]*\.[\w-]*\.?[\w-]*/g, '[redacted]')

/** The JSON error body the middlewares answer with, like the MoonKey docs' examples. */
export interface AuthErrorBody {
  error: string
}

/**
 * The HTTP answer for a failed authentication: status, `{ error }` body and
 * headers (`WWW-Authenticate` on 401, `Retry-After` on 503 when known). The
 * Express and Hono middlewares use it; use it in your own route handlers too.
 *
 * @example
 * const { status, body, headers } = authErrorResponse(error)
 * return Response.json(body, { status, headers })
 */
export function authErrorResponse(error: MoonKeyAuthError): {
  status: number
  body: AuthErrorBody
  headers: Record<string, string>
} {
  const headers: Record<string, string> = {}
  switch (error.code) {
    case 'missing_credentials':
      headers['WWW-Authenticate'] = 'Bearer'
      return { status: 401, body: { error: 'Missing authorization header' }, headers }
    case 'ambiguous_credentials':
      headers['WWW-Authenticate'] = 'Bearer error="invalid_request"'
      return { status: 400, body: { error: 'Ambiguous credentials' }, headers }
    case 'invalid_token':
    case 'token_expired':
    case 'session_not_found':
      headers['WWW-Authenticate'] = 'Bearer error="invalid_token"'
      return { status: 401, body: { error: 'Invalid session' }, headers }
    case 'api_unavailable':
      if (error.retryAfter !== undefined) headers['Retry-After'] = String(error.retryAfter)
      return { status: 503, body: { error: 'MoonKey API unavailable' }, headers }
    default:
      return { status: error.status, body: { error: 'Authentication failed' }, headers }
  }
}
