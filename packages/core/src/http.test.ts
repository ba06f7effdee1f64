import { afterEach, describe, expect, it, vi } from 'vitest'

import { isMoonKeyError, isSessionGone } from './errors.ts'
import { createHttp } from './http.ts'

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  vi.fn(async () => new Response(JSON.stringify(body), { status, headers }))

afterEach(() => {
  vi.useRealTimers()
})

describe('createHttp', () => {
  it('sends JSON with the publishable key and returns JSON', async () => {
    const seen: Array<[string, string | null, unknown]> = []
    const http = createHttp('http://api.test', 'pk_test_1', async (input) => {
      const request = input as Request
      seen.push([request.url, request.headers.get('authorization'), await request.json()])
      return new Response('{"ok":true}')
    })
    await expect(http('post', 'v1/auth/sessions/verify', { a: 1 })).resolves.toEqual({ ok: true })
    expect(seen).toEqual([['http://api.test/v1/auth/sessions/verify', 'Bearer pk_test_1', { a: 1 }]])
  })

  it.each([
    [400, 'invalid_email', 'invalid_email'],
    [400, 'invalid_otp_format', 'invalid_code'],
    [400, 'otp_incorrect', 'otp_incorrect'],
    [400, 'too_many_parameters', 'invalid_request'],
    [401, 'unauthorized', 'unauthorized'],
    [403, 'forbidden', 'forbidden'],
    [404, 'session_not_found', 'session_expired'],
    [404, 'user_not_found', 'user_not_found'],
    [404, 'otp_not_found', 'not_found'],
    [410, 'otp_expired', 'otp_expired'],
    [429, 'rate_limited', 'rate_limited'],
    [500, 'internal_error', 'server_error'],
    [502, undefined, 'server_error'],
  ])('maps %i %s to %s', async (status, type, code) => {
    const http = createHttp(
      'http://api.test',
      'pk',
      answer(status, { status_code: status, error_type: type, error_message: 'Nope.', request_id: 'req_9' }, {
        'retry-after': '7',
      }),
    )
    const error = await http('post', 'x', {}).catch((e: unknown) => e)
    expect(isMoonKeyError(error)).toBe(true)
    expect(error).toMatchObject({ code, status, errorType: type, retryAfter: 7 })
    if (type) expect(error).toMatchObject({ requestId: 'req_9', message: 'Nope.' })
  })

  it('maps network failures and timeouts, and keeps the request out of the error', async () => {
    const offline = createHttp('http://api.test', 'pk', async () => {
      throw new TypeError('Failed to fetch')
    })
    const error = await offline('post', 'x', { session_token: 'session_secret' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'network_error', status: undefined })
    expect(Object.keys(error as object)).not.toContain('request')
    expect(JSON.stringify(error)).not.toContain('session_secret')

    vi.useFakeTimers()
    const hanging = createHttp('http://api.test', 'pk', (_input, init) => {
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })
    })
    const slow = hanging('post', 'x', {}).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await slow).toMatchObject({ code: 'timeout' })
  })

  it('redacts tokens and JWTs from API messages', async () => {
    const http = createHttp(
      'http://api.test',
      'pk',
      answer(400, {
        error_type: 'invalid_request',
        error_message: `bad session_${'a'.repeat(64)} and eyJhbGciOi.eyJzdWIi.c2ln`,
      }),
    )
    const error = (await http('post', 'x', {}).catch((e: unknown) => e)) as Error
    expect(error.message).toBe('bad [redacted] and [redacted]')
  })
})

describe('answers that are not the API', () => {
  const html = (status: number) =>
    vi.fn(async () => new Response('<html>Oops</html>', { status, headers: { 'content-type': 'text/html' } }))

  it('an HTML 200 is a server_error, not a network_error', async () => {
    const http = createHttp('http://api.test', 'pk', html(200))
    await expect(http('post', 'x', {})).rejects.toMatchObject({ code: 'server_error' })
  })

  it.each([401, 404, 418])('an HTML %i is a server_error without an API error type', async (status) => {
    const http = createHttp('http://api.test', 'pk', html(status))
    const error = await http('post', 'x', {}).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'server_error', status, errorType: undefined })
    expect(isSessionGone(error)).toBe(false)
  })

  it('only the API error body says a session is gone', async () => {
    const http = createHttp('http://api.test', 'pk', answer(404, { status_code: 404, error_type: 'session_not_found' }))
    expect(isSessionGone(await http('post', 'x', {}).catch((e: unknown) => e))).toBe(true)
  })
})

describe('the lazily loaded reader of error answers', () => {
  afterEach(() => {
    vi.doUnmock('./api-error.ts')
    vi.resetModules()
  })

  it('when it cannot load, an error answer is a transient server_error with its status', async () => {
    vi.resetModules()
    vi.doMock('./api-error.ts', () => {
      throw new TypeError('Failed to fetch dynamically imported module')
    })
    const { createHttp: create } = await import('./http.ts')
    const errors = await import('./errors.ts')
    const http = create('http://api.test', 'pk', answer(404, { status_code: 404, error_type: 'session_not_found' }))
    const error = await http('post', 'x', {}).catch((e: unknown) => e)
    expect(errors.isMoonKeyError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'server_error', status: 404, message: 'MoonKey API answered 404' })
    // Kept, never logged out by a chunk that did not load.
    expect(errors.isTransient(error)).toBe(true)
    expect(errors.isSessionGone(error)).toBe(false)
  })
})

