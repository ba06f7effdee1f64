/** Stable error codes of {@link MoonKeyError}. */
export type MoonKeyErrorCode =
  | 'network_error'
  | 'timeout'
  | 'rate_limited'
  | 'invalid_request'
  | 'invalid_email'
  | 'invalid_code'
  | 'otp_incorrect'
  | 'otp_expired'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'user_not_found'
  | 'session_expired'
  | 'server_error'
  | 'session_mismatch'
  | 'oauth_state_mismatch'
  | 'oauth_cancelled'
  | 'popup_blocked'
  | 'wallet_not_found'
  | 'wallet_rejected'
  | 'wallet_error'
  | 'cookie_too_large'

interface MoonKeyErrorDetails {
  status?: number | undefined
  errorType?: string | undefined
  requestId?: string | undefined
  retryAfter?: number | undefined
}

/**
 * Every failure of the client. `code` is stable; `message` is for people.
 * Messages never contain a session token or JWT.
 *
 * @example
 * try {
 *   await moonkey.loginWithCode({ code })
 * } catch (e) {
 *   if (isMoonKeyError(e) && e.code === 'otp_incorrect') showWrongCode()
 * }
 */
export class MoonKeyError extends Error {
  declare readonly code: MoonKeyErrorCode
  /** HTTP status, when the API answered. */
  declare readonly status: number | undefined
  /** The API's `error_type`, when the API answered. */
  declare readonly errorType: string | undefined
  declare readonly requestId: string | undefined
  /** Seconds to wait before trying again (from `Retry-After`). */
  declare readonly retryAfter: number | undefined

  // Assigned here only (`declare`: no field declarations emitted besides), each an own property.
  constructor(code: MoonKeyErrorCode, message: string, details: MoonKeyErrorDetails = {}) {
    super(redact(message))
    this.name = 'MoonKeyError'
    this.code = code
    this.status = details.status
    this.errorType = details.errorType
    this.requestId = details.requestId
    this.retryAfter = details.retryAfter
  }
}

/**
 * Type guard for {@link MoonKeyError}.
 *
 * @example
 * if (isMoonKeyError(e) && e.code === 'rate_limited') wait(e.retryAfter)
 */
export const isMoonKeyError = (error: unknown): error is MoonKeyError =>
  error instanceof MoonKeyError

/** Removes anything shaped like a session token or a JWT from a message. */
export const redact = (text: string): string =>
  text.replace(/session_[A-Za-z0-9]{16,}|eyJ[\w-]*\.[\w-]*\.?[\w-]*/g, '[redacted]')

/** Whether a failed call may succeed if tried again: the session is kept. */
export const isTransient = (error: unknown): boolean =>
  isMoonKeyError(error) && /^(network_error|timeout|server_error|rate_limited)$/.test(error.code)

/**
 * Whether the MoonKey API itself said the session is over (`404
 * session_not_found` or `401 unauthorized` with the API's error body). Nothing
 * else (a proxy's HTML page, an unknown status) may end a session.
 */
export const isSessionGone = (error: unknown): boolean =>
  isMoonKeyError(error) && /^(session_not_found|unauthorized)$/.test(error.errorType!)
