import ky, { HTTPError, TimeoutError } from 'ky'

import { codeFor, MoonKeyError } from './errors.ts'

/** Calls one MoonKey API endpoint and returns its JSON answer. */
export type Http = <T>(method: 'get' | 'post' | 'delete', path: string, json?: object) => Promise<T>

interface ApiErrorBody {
  error_type?: string
  error_message?: string
  request_id?: string
}

/**
 * Creates the API caller: publishable key in `Authorization`, JSON in and out,
 * every failure turned into a {@link MoonKeyError}. It never retries by itself.
 *
 * @example
 * const http = createHttp('https://api.moonkey.fun', 'pk_test_…')
 * await http('post', 'v1/auth/sessions/verify', { session_token })
 */
export const createHttp = (
  apiUrl: string,
  publishableKey: string,
  fetch?: typeof globalThis.fetch,
): Http => {
  const api = ky.create({
    prefixUrl: apiUrl,
    headers: { authorization: `Bearer ${publishableKey}` },
    retry: 0,
    timeout: 8000,
    ...(fetch && { fetch }),
  })
  return async (method, path, json) => {
    try {
      return await api(path, { method, json }).json()
    } catch (error) {
      throw await toMoonKeyError(error)
    }
  }
}

/**
 * Maps ky and fetch failures to a {@link MoonKeyError}. The original error is
 * dropped on purpose: ky's errors hold the request body, which holds tokens.
 */
export const toMoonKeyError = async (error: unknown): Promise<MoonKeyError> => {
  if (error instanceof MoonKeyError) return error
  if (error instanceof HTTPError) {
    const { status, headers } = error.response
    const body: ApiErrorBody = await error.response.json().catch(() => ({}))
    const retryAfter = Number(headers.get('retry-after')) || undefined
    return new MoonKeyError(
      codeFor(status, body.error_type),
      body.error_message || `MoonKey API answered ${status}`,
      { status, errorType: body.error_type, requestId: body.request_id, retryAfter },
    )
  }
  if (error instanceof TimeoutError) {
    return new MoonKeyError('timeout', 'MoonKey API did not answer in time')
  }
  return new MoonKeyError('network_error', 'Could not reach the MoonKey API')
}
