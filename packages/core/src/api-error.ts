import type { MoonKeyError, MoonKeyErrorCode } from './errors.ts'

interface ApiErrorBody {
  error_type?: string
  error_message?: string
  request_id?: string
}

const byType: Record<string, MoonKeyErrorCode> = {
  invalid_email: 'invalid_email',
  invalid_otp_format: 'invalid_code',
  otp_incorrect: 'otp_incorrect',
  otp_expired: 'otp_expired',
  session_not_found: 'session_expired',
  user_not_found: 'user_not_found',
}

/** Picks the stable code for an API error answer. */
export const codeFor = (status: number, errorType = ''): MoonKeyErrorCode =>
  byType[errorType] ??
  (status === 429
    ? 'rate_limited'
    : status >= 500
      ? 'server_error'
      : status === 401
        ? 'unauthorized'
        : status === 403
          ? 'forbidden'
          : status === 404
            ? 'not_found'
            : status === 400
              ? 'invalid_request'
              : 'server_error')

/**
 * The {@link MoonKeyError} for an answer that is not 2xx. Only failed answers
 * need it, so it is a chunk of its own (`http.ts` loads it on the first one;
 * the network is up then). It gets the error class from the caller: in the
 * script-tag build it is a file of its own, whose errors must still pass
 * `isMoonKeyError`.
 *
 * @example
 * const error = await fromErrorAnswer(httpError.response, MoonKeyError)
 */
export const fromErrorAnswer = async (response: Response, Error: typeof MoonKeyError): Promise<MoonKeyError> => {
  const { status, headers } = response
  const parsed: unknown = await response.json().catch((): null => null)
  // Only the API's own error shape counts; a proxy's page or an empty body
  // is a server fault that may pass (see `isSessionGone`).
  const body: ApiErrorBody =
    typeof (parsed as ApiErrorBody | null)?.error_type === 'string' ? (parsed as ApiErrorBody) : {}
  const retryAfter = Number(headers.get('retry-after')) || undefined
  return new Error(
    body.error_type || status === 429 ? codeFor(status, body.error_type) : 'server_error',
    body.error_message || `MoonKey API answered ${status}`,
    { status, errorType: body.error_type, requestId: body.request_id, retryAfter },
  )
}
