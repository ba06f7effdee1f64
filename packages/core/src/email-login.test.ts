import { describe, expect, it } from 'vitest'

import { mapStorage, ready, setup } from '../test/setup-client.ts'
import { withLoginCallbacks } from './email-login.ts'
import { isMoonKeyError } from './errors.ts'

describe('email login', () => {
  it('sends a code, logs in, persists before updating $state', async () => {
    const storage = mapStorage()
    const { api, client } = setup({ storage })
    await ready(client)
    const statuses: string[] = []
    client.$loginState.listen((s) => statuses.push(s.status))
    let storedWhenPublished: unknown
    client.$state.listen((s) => {
      if (s.isAuthenticated) storedWhenPublished = storage.map.get('session')
    })

    await client.sendCode({ email: ' ada@example.com ' })
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/auth/otps/email/login_or_create',
      body: { email: 'ada@example.com' },
      authorization: 'Bearer pk_test_1',
    })
    const user = await client.loginWithCode({ code: '123456' })

    expect(user).toMatchObject({ id: 'user_1', email: 'ada@example.com', createdAt: 1_700_000_000 })
    expect(api.requests[1]).toMatchObject({
      path: '/v1/auth/otps/verify',
      body: { method_id: 'email_1', otp: '123456' },
    })
    expect(statuses).toEqual(['sending-code', 'awaiting-code-input', 'submitting-code', 'done'])
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: true, user })
    expect(storedWhenPublished).toMatchObject({ user: { id: 'user_1' } })
    const tokens = await client.getSessionTokens()
    expect(tokens?.sessionToken).toMatch(/^session_/)
  })

  it('with disableSignup, sends only to existing users (user_not_found otherwise)', async () => {
    const { api, client } = setup()
    await ready(client)
    await client.sendCode({ email: 'ada@example.com', disableSignup: true })
    expect(api.requests[0]).toMatchObject({ path: '/v1/auth/otps/email/send', body: { email: 'ada@example.com' } })
    await expect(client.loginWithCode({ code: '123456' })).resolves.toMatchObject({ id: 'user_1' })

    const error = await client.sendCode({ email: 'new@example.com', disableSignup: true }).catch((e) => e)
    expect(isMoonKeyError(error) && error.code).toBe('user_not_found')
    expect(client.$loginState.get()).toMatchObject({ status: 'error', error: { code: 'user_not_found' } })
    expect(api.count('/login_or_create')).toBe(0)
  })

  it('rejects a bad email locally, with no request', async () => {
    const { api, client } = setup()
    const error = await client.sendCode({ email: 'not-an-email' }).catch((e: unknown) => e)
    expect(isMoonKeyError(error) && error.code).toBe('invalid_email')
    expect(client.$loginState.get()).toEqual({ status: 'error', error })
    expect(api.requests).toHaveLength(0)
  })

  it('rejects a code that is not 6 digits locally, with no request', async () => {
    const { api, client } = setup()
    await client.sendCode({ email: 'ada@example.com' })
    for (const code of ['12345', '1234567', 'abcdef', '']) {
      const error = await client.loginWithCode({ code }).catch((e: unknown) => e)
      expect(isMoonKeyError(error) && error.code).toBe('invalid_code')
    }
    expect(api.requests).toHaveLength(1)
  })

  it('lets the user retry after a wrong code, and says when a code expired', async () => {
    const { client } = setup()
    await client.sendCode({ email: 'ada@example.com' })
    const wrong = await client.loginWithCode({ code: '111111' }).catch((e: unknown) => e)
    expect(wrong).toMatchObject({ code: 'otp_incorrect', status: 400, requestId: 'req_1' })
    expect(client.$loginState.get().status).toBe('error')
    const expired = await client.loginWithCode({ code: '000000' }).catch((e: unknown) => e)
    expect(expired).toMatchObject({ code: 'otp_expired', status: 410 })
    await expect(client.loginWithCode({ code: '123456' })).resolves.toMatchObject({ id: 'user_1' })
    expect(client.$loginState.get()).toEqual({ status: 'done', error: null, isNewUser: false })
  })

  it('carries retryAfter on 429', async () => {
    const { api, client } = setup()
    api.fail = 429
    api.retryAfter = 42
    const error = await client.sendCode({ email: 'ada@example.com' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 42 })
  })

  it('asks for sendCode() before loginWithCode()', async () => {
    const { api, client } = setup()
    await expect(client.loginWithCode({ code: '123456' })).rejects.toMatchObject({
      code: 'invalid_request',
    })
    expect(api.requests).toHaveLength(0)
  })

  it('takes emailOtp.expiresIn in seconds, as the docs do, and sends the API minutes', async () => {
    const { api, client } = setup({ config: { emailOtp: { expiresIn: 600 } } })
    await client.sendCode({ email: 'ada@example.com' })
    expect(api.requests[0]?.body).toEqual({ email: 'ada@example.com', expires_in: 10 })
    const short = setup({ publishableKey: 'pk_test_short', config: { emailOtp: { expiresIn: 120 } } })
    await short.client.sendCode({ email: 'ada@example.com' })
    expect(short.api.requests[0]?.body).toEqual({ email: 'ada@example.com', expires_in: 2 })
  })

  it('rejects a code lifetime the API cannot take locally, saying it is seconds', async () => {
    for (const expiresIn of [5, 90, 30, 660, -60]) {
      const { api, client } = setup({ publishableKey: `pk_test_${expiresIn}`, config: { emailOtp: { expiresIn } } })
      const error = await client.sendCode({ email: 'ada@example.com' }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'invalid_request' })
      expect((error as Error).message).toBe(
        `Invalid emailOtp.expiresIn ${expiresIn}: seconds, 60 to 600, whole minutes`,
      )
      expect(api.requests).toHaveLength(0)
    }
  })

  it('carries the API’s user_created through: $loginState says whether loginWithCode logged in a new user', async () => {
    const { client } = setup()
    await ready(client)
    expect(client.$loginState.get().isNewUser).toBeUndefined()
    await client.sendCode({ email: 'grace@example.com' })
    expect(client.$loginState.get()).toMatchObject({ status: 'awaiting-code-input', isNewUser: true })
    await client.loginWithCode({ code: '123456' })
    expect(client.$loginState.get()).toEqual({ status: 'done', error: null, isNewUser: true })
    await client.logout()
    await client.sendCode({ email: 'ada@example.com' })
    expect(client.$loginState.get().isNewUser).toBe(false)
  })

  it('withLoginCallbacks calls onComplete and onError, current at call time, and still settles', async () => {
    const { client } = setup()
    await ready(client)
    const calls: string[] = []
    let callbacks = { onError: (e: { code: string }) => calls.push(`first:${e.code}`) }
    const login = withLoginCallbacks(client, () => callbacks)
    await expect(login.sendCode({ email: 'nope' })).rejects.toMatchObject({ code: 'invalid_email' })
    callbacks = { onError: (e) => calls.push(`second:${e.code}`), onComplete: (u: { id: string }) => calls.push(`done:${u.id}`) } as typeof callbacks
    await login.sendCode({ email: 'ada@example.com' })
    await expect(login.loginWithCode({ code: '12' })).rejects.toMatchObject({ code: 'invalid_code' })
    await expect(login.loginWithCode({ code: '123456' })).resolves.toMatchObject({ id: 'user_1' })
    expect(calls).toEqual(['first:invalid_email', 'second:invalid_code', 'done:user_1'])
  })
})
