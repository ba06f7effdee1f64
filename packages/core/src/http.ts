import ky, { HTTPError, TimeoutError } from 'ky'

import { MoonKeyError } from './errors.ts'

/** Calls one MoonKey API endpoint and returns its JSON answer. */
export type Http = <T>(method: 'get' | 'post' | 'delete', path: string, json?: object) => Promise<T>

/**
 * Creates the API caller: publishable key in `Authorization`, JSON in and out,
 * every failure turned into a {@link MoonKeyError}. It never retries by itself.
 * Each request asks `life()` for its abort controller: once that aborts,
 * requests in flight are cancelled and no new one starts (each rejects with
 * `network_error`). (A function, so a client that sends nothing creates no
 * controller: Node's holds about 0.7 KB.)
 *
 * @example
 * const http = createHttp('https://api.moonkey.fun', 'pk_test_…')
 * await http('post', 'v1/auth/sessions/verify', { session_token })
 */
export const createHttp = (
  apiUrl: string,
  publishableKey: string,
  fetch?: typeof globalThis.fetch,
  life?: () => AbortController,
): Http => {
  // Plain options, not a \`ky.create()\` instance: that holds a dozen functions
  // and merged hooks per client, for nothing a client needs between requests.
  const options = {
    prefixUrl: apiUrl,
    headers: { authorization: `Bearer ${publishableKey}` },
    retry: 0,
    timeout: 8000,
    ...(fetch && { fetch }),
  }
  return async (method, path, json) => {
    try {
      const signal = life?.().signal
      signal?.throwIfAborted()
      return await ky(path, { ...options, method, json, signal }).json()
    } catch (error) {
      throw await toMoonKeyError(error)
    }
  }
}

/**
 * Maps ky and fetch failures to a {@link MoonKeyError}. The original error is
 * dropped on purpose: ky's errors hold the request body, which holds tokens.
 * An API error answer is read by `api-error.ts`, a chunk loaded on the first
 * one (if it cannot load, the answer counts as a `server_error`: transient,
 * so no session is lost).
 */
export const toMoonKeyError = async (error: unknown): Promise<MoonKeyError> =>
  error instanceof MoonKeyError
    ? error
    : error instanceof HTTPError
      ? import('./api-error.ts').then(
          (m) => m.fromErrorAnswer(error.response, MoonKeyError),
          () =>
            new MoonKeyError('server_error', `MoonKey API answered ${error.response.status}`, {
              status: error.response.status,
            }),
        )
      : error instanceof TimeoutError
        ? new MoonKeyError('timeout', 'MoonKey API did not answer in time')
        : // A 2xx whose body is not JSON (a captive portal, a proxy's page) is the server's fault.
          error instanceof SyntaxError
          ? new MoonKeyError('server_error', 'MoonKey API sent no JSON')
          : new MoonKeyError('network_error', 'Could not reach the MoonKey API')
