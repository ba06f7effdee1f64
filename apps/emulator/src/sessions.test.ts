import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { expectErrorShape, testEmulator, type TestEmulator } from './test-utils.ts'

const VERIFY = '/v1/auth/sessions/verify'
const DELETE = '/v1/auth/sessions/delete'

let emulator: TestEmulator
afterEach(async () => {
  await emulator.close()
})

describe('POST /v1/auth/sessions/verify', () => {
  it('verifies by session token (secret and publishable key) and issues a fresh JWT', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    emulator.clock.advance(120)
    for (const key of [emulator.secretKey, emulator.publishableKey]) {
      const res = await emulator.call('POST', VERIFY, { session_token: login.session_token }, { key })
      expect(res.status).toBe(200)
      expect(Object.keys(res.json).sort()).toEqual(['session', 'session_jwt', 'session_token', 'user'])
      expect(res.json.session_token).toBe(login.session_token)
      expect(res.json.session.id).toBe(login.session.id)
      expect(res.json.session.last_active_at).toBe(login.session.started_at + 120)
      expect(res.json.user.id).toBe(login.user.id)
      expect(decodeJwt(res.json.session_jwt).iat).toBe(login.session.started_at + 120)
    }
  })

  it('issues JWTs with exactly the contract’s header and claims', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    const header = decodeProtectedHeader(login.session_jwt)
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: expect.stringMatching(/^jwk_[A-Za-z0-9]+$/) })
    const claims = decodeJwt(login.session_jwt)
    const now = login.session.started_at
    const { device_fingerprint: _, ...session } = login.session
    expect(claims).toEqual({
      iss: 'moonkey.fun/app_test_emulator',
      aud: 'app_test_emulator',
      sub: login.user_id,
      jti: login.session.id,
      iat: now,
      nbf: now,
      exp: now + 300,
      session,
    })
  })

  it('verifies by session JWT', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    emulator.clock.advance(60)
    const res = await emulator.call('POST', VERIFY, { session_jwt: login.session_jwt }, { key: emulator.publishableKey })
    expect(res.status).toBe(200)
    expect(res.json.session.id).toBe(login.session.id)
    expect(res.json.session_token).toBeNull()
    expect(decodeJwt(res.json.session_jwt).iat).toBe(login.session.started_at + 60)
  })

  it('refuses an expired JWT even while its session lives', async () => {
    emulator = testEmulator({ jwtLifetimeSeconds: 60 })
    const login = await emulator.login()
    emulator.clock.advance(61)
    const res = await emulator.call('POST', VERIFY, { session_jwt: login.session_jwt })
    expect(res.status).toBe(404)
    expectErrorShape(res.json, 404, 'session_not_found')
    expect((await emulator.call('POST', VERIFY, { session_token: login.session_token })).status).toBe(200)
  })

  it('refuses a tampered or foreign JWT', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    const [h, p, s] = login.session_jwt.split('.')
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
    payload.sub = 'user_someone_else'
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`
    expect((await emulator.call('POST', VERIFY, { session_jwt: tampered })).status).toBe(404)
    const other = testEmulator({ initialSigningKey: undefined })
    const foreign = await other.login()
    await other.close()
    expect((await emulator.call('POST', VERIFY, { session_jwt: foreign.session_jwt })).status).toBe(404)
    expect((await emulator.call('POST', VERIFY, { session_jwt: 'not.a.jwt' })).status).toBe(404)
  })

  it('extends the session with session_expires_in', async () => {
    emulator = testEmulator()
    const login = await emulator.login('ada@example.com', { session_expires_in: 10 })
    emulator.clock.advance(300)
    const res = await emulator.call('POST', VERIFY, { session_token: login.session_token, session_expires_in: 60 })
    expect(res.json.session.expires_at).toBe(login.session.started_at + 300 + 3600)
  })

  it('never issues a JWT that outlives its session', async () => {
    emulator = testEmulator()
    const login = await emulator.login('ada@example.com', { session_expires_in: 5 })
    emulator.clock.advance(200)
    const res = await emulator.call('POST', VERIFY, { session_token: login.session_token })
    expect(decodeJwt(res.json.session_jwt).exp).toBe(login.session.expires_at)
    expect(login.session.expires_at - (login.session.started_at + 200)).toBeLessThan(300)
  })

  it('stops verifying a session once it expires', async () => {
    emulator = testEmulator()
    const login = await emulator.login('ada@example.com', { session_expires_in: 5 })
    emulator.clock.advance(300)
    const res = await emulator.call('POST', VERIFY, { session_token: login.session_token })
    expect(res.status).toBe(404)
    expectErrorShape(res.json, 404, 'session_not_found')
  })

  it('stops verifying a revoked session at once, by token and by a still-unexpired JWT', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    expect((await emulator.call('DELETE', DELETE, { session_token: login.session_token })).status).toBe(200)
    for (const body of [{ session_token: login.session_token }, { session_jwt: login.session_jwt }]) {
      const res = await emulator.call('POST', VERIFY, body)
      expect(res.status).toBe(404)
      expectErrorShape(res.json, 404, 'session_not_found')
    }
  })

  it('stops verifying at once a session that verified the moment before (warm in-memory caches)', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    // Same second, same session: the cached row, session object, JWT and answer bytes are all warm.
    for (let i = 0; i < 3; i++) expect((await emulator.call('POST', VERIFY, { session_token: login.session_token })).status).toBe(200)
    expect((await emulator.call('DELETE', DELETE, { session_token: login.session_token })).status).toBe(200)
    const res = await emulator.call('POST', VERIFY, { session_token: login.session_token })
    expectErrorShape(res.json, 404, 'session_not_found')

    const other = await emulator.login('grace@example.com', { session_expires_in: 5 })
    expect((await emulator.call('POST', VERIFY, { session_token: other.session_token })).status).toBe(200)
    emulator.clock.advance(5 * 60)
    expectErrorShape((await emulator.call('POST', VERIFY, { session_token: other.session_token })).json, 404, 'session_not_found')
  })

  it('answers 404 for an unknown token', async () => {
    emulator = testEmulator()
    const res = await emulator.call('POST', VERIFY, { session_token: `session_${'x'.repeat(64)}` })
    expect(res.status).toBe(404)
    expectErrorShape(res.json, 404, 'session_not_found')
  })

  it.each([
    [{}, 'invalid_request'],
    [{ session_token: 'a', session_jwt: 'b' }, 'too_many_parameters'],
    [{ session_token: 12 }, 'invalid_request'],
    [{ session_token: '' }, 'invalid_request'],
    [{ session_token: 'session_x', extra: 1 }, 'too_many_parameters'],
    [{ session_token: 'session_x', session_expires_in: 'long' }, 'invalid_request'],
  ])('rejects %j with 400 %s', async (body, type) => {
    emulator = testEmulator()
    const res = await emulator.call('POST', VERIFY, body)
    expect(res.status).toBe(400)
    expectErrorShape(res.json, 400, type)
  })
})

describe('DELETE /v1/auth/sessions/delete', () => {
  it.each(['session_token', 'session_jwt', 'session_id'] as const)('deletes by %s, idempotently', async (field) => {
    emulator = testEmulator()
    const login = await emulator.login()
    const value = field === 'session_id' ? login.session.id : login[field]
    for (let i = 0; i < 2; i++) {
      const res = await emulator.call('DELETE', DELETE, { [field]: value })
      expect(res.status).toBe(200)
      expect(res.json).toEqual({ message: 'Successfully deleted session' })
    }
    expect((await emulator.call('POST', VERIFY, { session_token: login.session_token })).status).toBe(404)
  })

  it('lets the publishable key delete its own session by token or JWT, but not by id', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    const byId = await emulator.call('DELETE', DELETE, { session_id: login.session.id }, { key: emulator.publishableKey })
    expect(byId.status).toBe(403)
    expectErrorShape(byId.json, 403, 'forbidden')
    const byToken = await emulator.call('DELETE', DELETE, { session_token: login.session_token }, { key: emulator.publishableKey })
    expect(byToken.status).toBe(200)
  })

  it('answers 404 for a session that never existed', async () => {
    emulator = testEmulator()
    const res = await emulator.call('DELETE', DELETE, { session_id: 'sess_nope' })
    expect(res.status).toBe(404)
    expectErrorShape(res.json, 404, 'session_not_found')
  })

  it.each([
    [{}, 'invalid_request'],
    [{ session_token: 'a', session_id: 'b' }, 'too_many_parameters'],
    [{ session_id: ['sess_1'] }, 'invalid_request'],
  ])('rejects %j with 400 %s', async (body, type) => {
    emulator = testEmulator()
    const res = await emulator.call('DELETE', DELETE, body)
    expect(res.status).toBe(400)
    expectErrorShape(res.json, 400, type)
  })
})

describe('GET /v1/auth/sessions/list', () => {
  it('lists active sessions only', async () => {
    emulator = testEmulator()
    const first = await emulator.login()
    const second = await emulator.login()
    await emulator.login('bob@example.com')
    await emulator.call('DELETE', DELETE, { session_id: first.session.id })
    const res = await emulator.call('GET', `/v1/auth/sessions/list?user_id=${first.user_id}`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ sessions: [second.session] })
  })

  it('needs the secret key, a user_id, and a known user', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    const path = `/v1/auth/sessions/list?user_id=${login.user_id}`
    expect((await emulator.call('GET', path, undefined, { key: emulator.publishableKey })).status).toBe(403)
    expect((await emulator.call('GET', path, undefined, { key: null })).status).toBe(401)
    const missing = await emulator.call('GET', '/v1/auth/sessions/list')
    expectErrorShape(missing.json, 400, 'invalid_request')
    const unknown = await emulator.call('GET', '/v1/auth/sessions/list?user_id=user_nope')
    expectErrorShape(unknown.json, 404, 'user_not_found')
  })
})

describe('GET /v1/auth/users/{user_id}', () => {
  it('returns the user', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    const res = await emulator.call('GET', `/v1/auth/users/${login.user_id}`)
    expect(res.status).toBe(200)
    expect(res.json).toEqual(login.user)
  })

  it('answers 404 user_not_found, and 403 for the publishable key', async () => {
    emulator = testEmulator()
    const res = await emulator.call('GET', '/v1/auth/users/user_nope')
    expectErrorShape(res.json, 404, 'user_not_found')
    const login = await emulator.login()
    const forbidden = await emulator.call('GET', `/v1/auth/users/${login.user_id}`, undefined, { key: emulator.publishableKey })
    expectErrorShape(forbidden.json, 403, 'forbidden')
  })
})
