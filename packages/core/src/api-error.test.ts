import { describe, expect, it } from 'vitest'

import { codeFor, fromErrorAnswer } from './api-error.ts'
import { MoonKeyError } from './errors.ts'

describe('fromErrorAnswer', () => {
  it('makes the error with the class it is given (the script-tag build passes the client\'s own)', async () => {
    class ClientError extends MoonKeyError {}
    const body = { error_type: 'otp_incorrect', error_message: 'Wrong code.', request_id: 'req_1' }
    const answer = new Response(JSON.stringify(body), { status: 400, headers: { 'retry-after': '3' } })
    const error = await fromErrorAnswer(answer, ClientError)
    expect(error).toBeInstanceOf(ClientError)
    expect(error).toMatchObject({
      code: 'otp_incorrect',
      status: 400,
      errorType: 'otp_incorrect',
      requestId: 'req_1',
      retryAfter: 3,
      message: 'Wrong code.',
    })
  })

  it('an answer that is not the API\'s error shape is a server_error, except a 429', async () => {
    const page = (status: number) => new Response('<html>busy</html>', { status })
    expect(await fromErrorAnswer(page(401), MoonKeyError)).toMatchObject({
      code: 'server_error',
      errorType: undefined,
      message: 'MoonKey API answered 401',
    })
    expect(await fromErrorAnswer(page(429), MoonKeyError)).toMatchObject({ code: 'rate_limited' })
  })
})

describe('codeFor', () => {
  it.each([
    [404, 'session_not_found', 'session_expired'],
    [404, 'otp_not_found', 'not_found'],
    [403, undefined, 'forbidden'],
    [418, 'teapot', 'server_error'],
  ] as const)('%i %s is %s', (status, type, code) => {
    expect(codeFor(status, type)).toBe(code)
  })
})
