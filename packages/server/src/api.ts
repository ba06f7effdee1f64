import { MoonKeyAuthError, type MoonKeyAuthErrorCode } from './errors.ts'

export interface ApiOptions {
  apiUrl: string
  secretKey: string
  fetch: typeof globalThis.fetch
  timeoutMs: number
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE'
  /** Path under the API root, e.g. `/v1/auth/sessions/verify`. Never carries the key. */
  path: string
  body?: unknown
  /** The code for a `400` answer (a credential the API finds malformed → `invalid_token`). */
  onBadRequest?: MoonKeyAuthErrorCode
}

export interface ApiResponse {
  json: unknown
  headers: Headers
}

export type Api = (request: ApiRequest) => Promise<ApiResponse>

interface WireError {
  error_type?: unknown
  error_message?: unknown
  request_id?: unknown
}

/**
 * The MoonKey REST API with the secret key: `Authorization: Bearer sk_…` only
 * (never in the URL), a timeout, and every failure mapped to a
 * {@link MoonKeyAuthError} whose message has the key scrubbed out.
 */
export function createApi({ apiUrl, secretKey, fetch, timeoutMs }: ApiOptions): Api {
  const scrub = (text: string): string => (secretKey ? text.split(secretKey).join('sk_[redacted]') : text)

  return async ({ method, path, body, onBadRequest = 'invalid_request' }) => {
    let response: Response
    try {
      response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${secretKey}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
      throw new MoonKeyAuthError(
        'api_unavailable',
        timedOut
          ? `The MoonKey API did not answer ${method} ${path} within ${timeoutMs} ms.`
          : `The MoonKey API could not be reached (${method} ${path}).`,
      )
    }

    let json: unknown
    try {
      json = await response.json()
    } catch {
      json = undefined
    }

    if (response.ok) {
      if (json === undefined) {
        throw new MoonKeyAuthError('api_unavailable', `The MoonKey API answered ${method} ${path} with a body that is not JSON.`)
      }
      return { json, headers: response.headers }
    }

    const wire = (typeof json === 'object' && json !== null ? json : {}) as WireError
    const errorType = typeof wire.error_type === 'string' ? wire.error_type : undefined
    const apiMessage = typeof wire.error_message === 'string' ? ` ${scrub(wire.error_message)}` : ''
    const details = {
      apiStatus: response.status,
      errorType,
      requestId: typeof wire.request_id === 'string' ? wire.request_id : undefined,
    }
    const status = response.status
    const what = `${method} ${path}: ${status}${errorType ? ` ${errorType}` : ''}.${apiMessage}`

    if (status === 429 || status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN)
      throw new MoonKeyAuthError('api_unavailable', `The MoonKey API is unavailable (${what})`, {
        ...details,
        retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined,
      })
    }
    if (status === 401 || status === 403) {
      throw new MoonKeyAuthError(
        'invalid_configuration',
        `The MoonKey API refused the secret key (${what}) Check secretKey and apiUrl.`,
        details,
      )
    }
    if (errorType === 'session_not_found') {
      throw new MoonKeyAuthError('session_not_found', 'The session is unknown, expired or revoked.', details)
    }
    if (errorType === 'user_not_found') {
      throw new MoonKeyAuthError('user_not_found', 'No such user.', details)
    }
    if (status === 404) {
      throw new MoonKeyAuthError('invalid_configuration', `The MoonKey API has no such endpoint (${what}) Check apiUrl.`, details)
    }
    const code: MoonKeyAuthErrorCode = status === 400 ? onBadRequest : 'invalid_request'
    throw new MoonKeyAuthError(code, `The MoonKey API rejected the request (${what})`, details)
  }
}
