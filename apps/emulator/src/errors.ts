import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type ErrorType =
  | 'invalid_request'
  | 'invalid_email'
  | 'invalid_otp_format'
  | 'too_many_parameters'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'session_not_found'
  | 'otp_not_found'
  | 'user_not_found'
  | 'otp_incorrect'
  | 'otp_expired'
  | 'payload_too_large'
  | 'rate_limited'
  | 'invalid_redirect_url'
  | 'oauth_token_not_found'
  | 'oauth_token_expired'
  | 'pkce_mismatch'
  | 'internal_error'
  | 'invalid_wallet_address'
  | 'invalid_signature'
  | 'invalid_siwe_message'
  | 'siwe_domain_not_allowed'
  | 'siwe_message_expired'
  | 'siwe_message_not_yet_valid'
  | 'nonce_not_found'
  | 'nonce_expired'
  | 'signature_mismatch'

/** An error that becomes the contract's error body: `{ status_code, error_type, error_message, request_id }`. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode
  readonly type: ErrorType
  readonly headers: Record<string, string>

  constructor(status: ContentfulStatusCode, type: ErrorType, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.type = type
    this.headers = headers
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

export interface ErrorBody {
  status_code: number
  error_type: ErrorType
  error_message: string
  request_id: string
}

export function errorBody(error: ApiError, requestId: string): ErrorBody {
  return { status_code: error.status, error_type: error.type, error_message: error.message, request_id: requestId }
}

export const sessionNotFound = (): ApiError =>
  new ApiError(404, 'session_not_found', 'Session not found, expired or revoked.')
