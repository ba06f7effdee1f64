import { afterEach, describe, expect, it } from 'vitest'
import { expectErrorShape, testEmulator, type TestEmulator } from './test-utils.ts'

const SEND = '/v1/auth/otps/email/login_or_create'
const VERIFY = '/v1/auth/otps/verify'

let emulator: TestEmulator
afterEach(async () => {
  await emulator.close()
})

async function send(email = 'ada@example.com', extra: Record<string, unknown> = {}) {
  return emulator.call('POST', SEND, { email, ...extra }, { key: emulator.publishableKey })
}
async function verify(body: Record<string, unknown>) {
  return emulator.call('POST', VERIFY, body, { key: emulator.publishableKey })
}
const wrong = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

describe('POST /v1/auth/otps/email/send (existing users only)', () => {
  const sendExisting = (email: string) =>
    emulator.call('POST', '/v1/auth/otps/email/send', { email }, { key: emulator.publishableKey })

  it('answers 404 user_not_found for a new email and creates no user', async () => {
    emulator = testEmulator()
    const res = await sendExisting('nobody@example.com')
    expect(res.status).toBe(404)
    expectErrorShape(res.json, 404, 'user_not_found')
    expect(emulator.latestCode('nobody@example.com')).toBeUndefined()
    // Still a new user for login_or_create afterwards.
    expect((await send('nobody@example.com')).json.user_created).toBe(true)
  })

  it('sends a code to an existing user, like login_or_create', async () => {
    emulator = testEmulator()
    const created = await send('ada@example.com')
    const res = await sendExisting('ada@example.com')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ user_id: created.json.user_id, user_created: false, email_id: created.json.email_id })
    expect(emulator.latestCode('ada@example.com')).toMatch(/^\d{6}$/)
  })

  it('validates like login_or_create and needs a key', async () => {
    emulator = testEmulator()
    expectErrorShape((await sendExisting('not-an-email')).json, 400, 'invalid_email')
    const res = await emulator.call('POST', '/v1/auth/otps/email/send', { email: 'ada@example.com' }, { key: 'pk_test_wrong' })
    expect(res.status).toBe(401)
  })
})

describe('POST /v1/auth/otps/email/login_or_create', () => {
  it('creates the user on first send and reuses it later', async () => {
    emulator = testEmulator()
    const first = await send('Ada@Example.com')
    expect(first.status).toBe(200)
    expect(first.json).toEqual({
      user_id: expect.stringMatching(/^user_[A-Za-z0-9]+$/),
      user_created: true,
      status: 'pending',
      email_id: expect.stringMatching(/^email_[A-Za-z0-9]+$/),
    })
    const second = await send('ada@example.com')
    expect(second.json).toMatchObject({ user_id: first.json.user_id, user_created: false, email_id: first.json.email_id })
  })

  it('delivers a 6-digit code to the dev mailbox and the log', async () => {
    const lines: string[] = []
    emulator = testEmulator({ log: (line) => lines.push(line) })
    const sent = await send('ada@example.com', { expires_in: 3 })
    const code = emulator.latestCode('ada@example.com')
    expect(code).toMatch(/^\d{6}$/)
    expect(lines.some((line) => line.includes('ada@example.com') && line.includes(code!))).toBe(true)
    const mailbox = await emulator.call('GET', '/emulator/v1/mailbox?email=ada@example.com', undefined, { key: null })
    expect(mailbox.json.messages).toEqual([
      {
        email: 'ada@example.com',
        code,
        email_id: sent.json.email_id,
        user_id: sent.json.user_id,
        sent_at: emulator.clock.now() / 1000,
        expires_at: emulator.clock.now() / 1000 + 180,
      },
    ])
  })

  it.each([
    [{ email: 'not-an-email' }, 'invalid_email'],
    [{ email: `${'a'.repeat(250)}@example.com` }, 'invalid_email'],
    [{ email: 42 }, 'invalid_email'],
    [{}, 'invalid_email'],
    [{ email: 'a@b.co', expires_in: 0 }, 'invalid_request'],
    [{ email: 'a@b.co', expires_in: 11 }, 'invalid_request'],
    [{ email: 'a@b.co', expires_in: '5' }, 'invalid_request'],
    [{ email: 'a@b.co', expires_in: 2.5 }, 'invalid_request'],
    [{ email: 'a@b.co', name: 'Ada' }, 'too_many_parameters'],
  ])('rejects %j with 400 %s', async (body, type) => {
    emulator = testEmulator()
    const res = await emulator.call('POST', SEND, body, { key: emulator.publishableKey })
    expect(res.status).toBe(400)
    expectErrorShape(res.json, 400, type)
  })

  it('rate-limits sends per email with 429 and Retry-After', async () => {
    emulator = testEmulator({ rateLimit: { sendsPerWindow: 2, windowSeconds: 60 } })
    expect((await send()).status).toBe(200)
    emulator.clock.advance(10)
    expect((await send()).status).toBe(200)
    const limited = await send()
    expect(limited.status).toBe(429)
    expectErrorShape(limited.json, 429, 'rate_limited')
    expect(limited.headers.get('Retry-After')).toBe('50')
    expect((await send('other@example.com')).status).toBe(200)
    emulator.clock.advance(51)
    expect((await send()).status).toBe(200)
  })
})

describe('POST /v1/auth/otps/verify', () => {
  it('signs in with the code and returns session, JWT and user', async () => {
    emulator = testEmulator()
    const sent = await send()
    const res = await verify({ method_id: sent.json.email_id, otp: emulator.latestCode('ada@example.com') })
    expect(res.status).toBe(200)
    const now = emulator.clock.now() / 1000
    expect(res.json).toEqual({
      method_id: sent.json.email_id,
      method_type: 'email',
      user_id: sent.json.user_id,
      session_token: expect.stringMatching(/^session_[A-Za-z0-9]{64}$/),
      session_jwt: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
      session: {
        id: expect.stringMatching(/^sess_[A-Za-z0-9]+$/),
        user_id: sent.json.user_id,
        started_at: now,
        expires_at: now + 10080 * 60,
        last_active_at: now,
        factors: [
          {
            type: 'otp',
            delivery_channel: 'email',
            method: { method_id: sent.json.email_id, method_type: 'email', email: 'ada@example.com', last_verified_at: now },
          },
        ],
        device_fingerprint: { user_agent: '', ip: '' },
      },
      user: {
        id: sent.json.user_id,
        user_id: sent.json.user_id,
        email: 'ada@example.com',
        emails: [{ id: sent.json.email_id, email: 'ada@example.com', verified: true }],
        wallets: [],
        status: 'active',
        metadata: {},
        created_at: now,
        updated_at: now,
        oauth_providers: [],
      },
    })
  })

  it('honours session_expires_in', async () => {
    emulator = testEmulator()
    const login = await emulator.login('ada@example.com', { session_expires_in: 60 })
    expect(login.session.expires_at - login.session.started_at).toBe(3600)
  })

  it('is single-use', async () => {
    emulator = testEmulator()
    const sent = await send()
    const body = { method_id: sent.json.email_id, otp: emulator.latestCode('ada@example.com') }
    expect((await verify(body)).status).toBe(200)
    const again = await verify(body)
    expect(again.status).toBe(404)
    expectErrorShape(again.json, 404, 'otp_not_found')
  })

  it('expires', async () => {
    emulator = testEmulator()
    const sent = await send('ada@example.com', { expires_in: 1 })
    emulator.clock.advance(60)
    const res = await verify({ method_id: sent.json.email_id, otp: emulator.latestCode('ada@example.com') })
    expect(res.status).toBe(410)
    expectErrorShape(res.json, 410, 'otp_expired')
  })

  it('dies after 5 wrong tries, reporting attempts left', async () => {
    emulator = testEmulator()
    const sent = await send()
    const code = emulator.latestCode('ada@example.com')!
    for (let left = 4; left >= 0; left--) {
      const res = await verify({ method_id: sent.json.email_id, otp: wrong(code) })
      expect(res.status).toBe(400)
      expectErrorShape(res.json, 400, 'otp_incorrect')
      expect(res.json.error_message).toContain(`${left} attempt`)
    }
    const correct = await verify({ method_id: sent.json.email_id, otp: code })
    expect(correct.status).toBe(410)
    expectErrorShape(correct.json, 410, 'otp_expired')
  })

  it('rate-limits wrong attempts across codes with 429 and Retry-After', async () => {
    emulator = testEmulator({ rateLimit: { sendsPerWindow: 10, attemptsPerWindow: 6, windowSeconds: 60 } })
    const first = await send()
    for (let i = 0; i < 5; i++) await verify({ method_id: first.json.email_id, otp: wrong(emulator.latestCode('ada@example.com')!) })
    await send()
    const code = emulator.latestCode('ada@example.com')!
    expect((await verify({ method_id: first.json.email_id, otp: wrong(code) })).status).toBe(400)
    const limited = await verify({ method_id: first.json.email_id, otp: code })
    expect(limited.status).toBe(429)
    expectErrorShape(limited.json, 429, 'rate_limited')
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0)
  })

  it('counts wrong codes by when they were guessed, across resends: at most attemptsPerWindow in any window', async () => {
    // Default limits: 15 wrong codes per 60 s per email, 5 per code.
    emulator = testEmulator({ rateLimit: { sendsPerWindow: 100 } })
    const guessAll = async () => {
      const sent = await send()
      const code = emulator.latestCode('ada@example.com')!
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push((await verify({ method_id: sent.json.email_id, otp: wrong(code) })).status)
      return statuses
    }
    // A code sent at t = 0 and guessed wrong 5 times at t = 55 …
    const first = await send()
    const code = emulator.latestCode('ada@example.com')!
    emulator.clock.advance(55)
    for (let i = 0; i < 5; i++) expect((await verify({ method_id: first.json.email_id, otp: wrong(code) })).status).toBe(400)
    // … then fresh codes at t = 61: only 10 more wrong guesses fit in the window.
    emulator.clock.advance(6)
    const evaluated = [...(await guessAll()), ...(await guessAll()), ...(await guessAll())]
    expect(evaluated).toEqual([...Array(10).fill(400), ...Array(5).fill(429)])
    // The window slides with the guesses: at t = 115 the five of t = 55 have left it.
    emulator.clock.advance(54)
    expect(await guessAll()).toEqual(Array(5).fill(400))
    expect((await guessAll())[0]).toBe(429)
  })

  it('a newer code supersedes the older one', async () => {
    emulator = testEmulator()
    const sent = await send()
    const old = emulator.latestCode('ada@example.com')!
    await send()
    const fresh = emulator.latestCode('ada@example.com')!
    if (old !== fresh) expect((await verify({ method_id: sent.json.email_id, otp: old })).status).toBe(400)
    expect((await verify({ method_id: sent.json.email_id, otp: fresh })).status).toBe(200)
  })

  it('answers 404 otp_not_found for an unknown method id', async () => {
    emulator = testEmulator()
    const res = await verify({ method_id: 'email_nope', otp: '123456' })
    expect(res.status).toBe(404)
    expectErrorShape(res.json, 404, 'otp_not_found')
  })

  it.each([
    [{ method_id: 'email_x', otp: '12345' }, 'invalid_otp_format'],
    [{ method_id: 'email_x', otp: '12345a' }, 'invalid_otp_format'],
    [{ method_id: 'email_x', otp: 123456 }, 'invalid_otp_format'],
    [{ otp: '123456' }, 'invalid_request'],
    [{ method_id: 7, otp: '123456' }, 'invalid_request'],
    [{ method_id: 'email_x', otp: '123456', session_expires_in: 4 }, 'invalid_request'],
    [{ method_id: 'email_x', otp: '123456', session_expires_in: 527041 }, 'invalid_request'],
    [{ method_id: 'email_x', otp: '123456', remember: true }, 'too_many_parameters'],
  ])('rejects %j with 400 %s', async (body, type) => {
    emulator = testEmulator()
    const res = await verify(body)
    expect(res.status).toBe(400)
    expectErrorShape(res.json, 400, type)
  })

  it('adds the factor to an existing session given session_token', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    emulator.clock.advance(30)
    const again = await emulator.login('ada@example.com', { session_token: login.session_token })
    expect(again.session.id).toBe(login.session.id)
    expect(again.session_token).toBe(login.session_token)
    expect(again.session.factors).toHaveLength(1)
    expect(again.session.factors[0].method.last_verified_at).toBe(login.session.started_at + 30)
  })

  it('refuses to add a factor to a revoked session or another user’s session', async () => {
    emulator = testEmulator()
    const ada = await emulator.login('ada@example.com')
    await expect(emulator.login('bob@example.com', { session_token: ada.session_token })).rejects.toThrow(/invalid_request/)
    await emulator.call('DELETE', '/v1/auth/sessions/delete', { session_token: ada.session_token })
    await expect(emulator.login('ada@example.com', { session_token: ada.session_token })).rejects.toThrow(/session_not_found/)
  })
})
