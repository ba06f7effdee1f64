import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from './db.ts'
import { expectErrorShape, testEmulator, type TestEmulator } from './test-utils.ts'

let emulator: TestEmulator
afterEach(async () => {
  await emulator.close()
})

const CLIENT_ENDPOINTS = [
  ['POST', '/v1/auth/otps/email/login_or_create', { email: 'ada@example.com' }],
  ['POST', '/v1/auth/otps/verify', { method_id: 'email_x', otp: '123456' }],
  ['POST', '/v1/auth/sessions/verify', { session_token: 'session_x' }],
  ['DELETE', '/v1/auth/sessions/delete', { session_token: 'session_x' }],
] as const
const SECRET_ENDPOINTS = [
  ['GET', '/v1/auth/sessions/list?user_id=user_x'],
  ['GET', '/v1/auth/users/user_x'],
  ['GET', '/v1/auth/jwks/default'],
] as const

describe('API keys', () => {
  it.each([...CLIENT_ENDPOINTS, ...SECRET_ENDPOINTS])('%s %s: 401 for a missing, unknown or malformed key', async (method, path, body?) => {
    emulator = testEmulator()
    for (const init of [{ key: null }, { key: 'sk_test_wrong' }, { key: null, headers: { Authorization: emulator.secretKey } }]) {
      const res = await emulator.call(method, path, body, init)
      expect(res.status).toBe(401)
      expectErrorShape(res.json, 401, 'unauthorized')
    }
  })

  it.each(SECRET_ENDPOINTS)('%s %s: 403 for the publishable key', async (method, path) => {
    emulator = testEmulator()
    const res = await emulator.call(method, path, undefined, { key: emulator.publishableKey })
    expect(res.status).toBe(403)
    expectErrorShape(res.json, 403, 'forbidden')
  })

  it('checks the key before the body', async () => {
    emulator = testEmulator()
    const res = await emulator.call('POST', '/v1/auth/sessions/verify', '{not json', { key: null })
    expect(res.status).toBe(401)
  })

  it('honours custom keys', async () => {
    emulator = testEmulator({ secretKey: 'sk_test_custom', publishableKey: 'pk_test_custom' })
    expect((await emulator.call('GET', '/v1/auth/jwks/default', undefined, { key: 'sk_test_custom' })).status).toBe(200)
    expect((await emulator.call('GET', '/v1/auth/jwks/default', undefined, { key: 'sk_test_emulator' })).status).toBe(401)
  })
})

describe('request bodies', () => {
  it.each(CLIENT_ENDPOINTS)('%s %s: 413 for a body over 16 KB', async (method, path) => {
    emulator = testEmulator()
    const res = await emulator.call(method, path, { email: `${'a'.repeat(17 * 1024)}@example.com` })
    expect(res.status).toBe(413)
    expectErrorShape(res.json, 413, 'payload_too_large')
    expect(res.headers.get('Connection')).toBe('close')
    expect(res.json.error_message).toMatch(/larger than 16384 bytes/)
  })

  it('413 for a body over 16 KB sent without Content-Length (chunked)', async () => {
    emulator = testEmulator()
    const chunk = new TextEncoder().encode(' '.repeat(1024))
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    const res = await emulator.app.request('/v1/auth/sessions/verify', {
      method: 'POST',
      headers: { Authorization: `Bearer ${emulator.secretKey}`, 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expectErrorShape(await res.json(), 413, 'payload_too_large')
  })

  it.each(CLIENT_ENDPOINTS)('%s %s: 400 for malformed JSON', async (method, path) => {
    emulator = testEmulator()
    const res = await emulator.call(method, path, '{"email": "ada@example.com"')
    expect(res.status).toBe(400)
    expectErrorShape(res.json, 400, 'invalid_request')
    expect(res.json.error_message).toBe('The request body is not valid JSON.')
  })

  it.each(['[]', '"text"', '42', 'null'])('400 for a JSON body that is not an object: %s', async (body) => {
    emulator = testEmulator()
    const res = await emulator.call('POST', '/v1/auth/sessions/verify', body)
    expect(res.status).toBe(400)
    expectErrorShape(res.json, 400, 'invalid_request')
  })
})

describe('errors', () => {
  it('404 not_found for an unknown route, with the contract body', async () => {
    emulator = testEmulator()
    const res = await emulator.call('GET', '/v1/auth/nope')
    expect(res.status).toBe(404)
    expectErrorShape(res.json, 404, 'not_found')
  })

  it('sets X-Request-Id on every answer, equal to the error body’s request_id', async () => {
    emulator = testEmulator()
    const ok = await emulator.call('GET', `/v1/auth/jwks/${emulator.appId}`, undefined, { key: null })
    expect(ok.headers.get('X-Request-Id')).toMatch(/^req_[A-Za-z0-9]+$/)
    const error = await emulator.call('GET', '/v1/auth/users/user_x', undefined, { key: null })
    expect(error.headers.get('X-Request-Id')).toBe(error.json.request_id)
  })

  it('answers sessions/verify (built without c.json) with the same headers as every API answer', async () => {
    emulator = testEmulator()
    const login = await emulator.login()
    const init = { key: emulator.publishableKey, headers: { Origin: 'http://localhost:5173' } }
    const ok = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: login.session_token }, init)
    const other = await emulator.call('POST', '/v1/auth/otps/email/login_or_create', { email: 'ada@example.com' }, init)
    expect(ok.status).toBe(200)
    expect(ok.json).toEqual({ session: expect.any(Object), session_token: login.session_token, session_jwt: expect.any(String), user: expect.any(Object) })
    // In process (no socket), only the directly built answer states its Content-Length.
    const names = (res: { headers: Headers }) => [...res.headers.keys()].filter((name) => name !== 'content-length').sort()
    expect(names(ok)).toEqual(names(other))
    expect(ok.headers.get('Content-Type')).toBe('application/json')
    expect(ok.headers.get('Cache-Control')).toBe('no-store')
    expect(ok.headers.get('X-Request-Id')).toMatch(/^req_[A-Za-z0-9]+$/)
    expect(ok.headers.get('X-Request-Id')).not.toBe(other.headers.get('X-Request-Id'))
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173')
    expect(ok.headers.get('Access-Control-Expose-Headers')).toContain('X-Request-Id')

    const gone = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: 'session_x' }, init)
    expect(gone.status).toBe(404)
    expect(gone.headers.get('X-Request-Id')).toBe(gone.json.request_id)
    expect(gone.headers.get('Cache-Control')).toBe('no-store')
    expect(gone.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173')
  })

  it('500 internal_error leaks no stack or SQL', async () => {
    const lines: string[] = []
    const dataDir = mkdtempSync(join(tmpdir(), 'moonkey-emulator-'))
    emulator = testEmulator({ dataDir, log: (line) => lines.push(line) })
    const login = await emulator.login()
    // Break the database under the running emulator, from another connection.
    const other = openDatabase(dataDir)
    other.exec('DROP TABLE sessions')
    other.close()
    const res = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: login.session_token })
    expect(res.status).toBe(500)
    expectErrorShape(res.json, 500, 'internal_error')
    expect(JSON.stringify(res.json)).not.toMatch(/SELECT|sqlite|database|at .*\.ts|Error:/i)
    expect(lines.some((line) => line.includes(res.json.request_id))).toBe(true)
    await emulator.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
})

describe('CORS', () => {
  const preflight = (origin: string) => ({
    key: null,
    headers: { Origin: origin, 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'authorization, content-type' },
  })

  it.each(['http://localhost:5173', 'http://127.0.0.1:3000', 'http://localhost'])('answers a preflight from %s', async (origin) => {
    emulator = testEmulator()
    const res = await emulator.call('OPTIONS', '/v1/auth/sessions/delete', undefined, preflight(origin))
    expect(res.status).toBe(204)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(origin)
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('DELETE')
    expect(res.headers.get('Access-Control-Allow-Headers')).toMatch(/Authorization.*Content-Type/)
    expect(res.headers.get('Vary')).toContain('Origin')
  })

  it.each(['https://evil.example', 'http://localhost.evil.example:5173', 'http://127.0.0.1.nip.io', 'null'])('refuses %s', async (origin) => {
    emulator = testEmulator()
    const pre = await emulator.call('OPTIONS', '/v1/auth/sessions/verify', undefined, preflight(origin))
    expect(pre.status).toBe(403)
    expect(pre.headers.get('Access-Control-Allow-Origin')).toBeNull()
    const login = await emulator.login()
    const res = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: login.session_token }, {
      key: emulator.publishableKey,
      headers: { Origin: origin },
    })
    expect(res.status).toBe(403)
    expectErrorShape(res.json, 403, 'forbidden')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })

  it('exposes Retry-After to browsers on a 429', async () => {
    emulator = testEmulator({ rateLimit: { sendsPerWindow: 1 } })
    const init = { key: emulator.publishableKey, headers: { Origin: 'http://localhost:5173' } }
    await emulator.call('POST', '/v1/auth/otps/email/login_or_create', { email: 'ada@example.com' }, init)
    const res = await emulator.call('POST', '/v1/auth/otps/email/login_or_create', { email: 'ada@example.com' }, init)
    expect(res.status).toBe(429)
    expect(res.headers.get('Retry-After')).toBe('60')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173')
    expect(res.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After')
  })

  it('uses configured origins instead of the defaults', async () => {
    emulator = testEmulator({ allowedOrigins: ['https://app.example.com', 'https://*.preview.example.com'] })
    const ok = async (origin: string) =>
      (await emulator.call('OPTIONS', '/v1/auth/sessions/verify', undefined, preflight(origin))).status
    expect(await ok('https://app.example.com')).toBe(204)
    expect(await ok('https://pr-1.preview.example.com')).toBe(204)
    expect(await ok('http://localhost:5173')).toBe(403)
  })
})

describe('JWKS', () => {
  it('GET /v1/auth/jwks/{app_id} is public and cacheable', async () => {
    emulator = testEmulator()
    const res = await emulator.call('GET', `/v1/auth/jwks/${emulator.appId}`, undefined, { key: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toMatch(/max-age=\d+/)
    expect(res.json).toEqual({
      keys: [{ kty: 'RSA', kid: expect.stringMatching(/^jwk_/), use: 'sig', alg: 'RS256', n: expect.any(String), e: 'AQAB' }],
    })
    expect(JSON.stringify(res.json)).not.toMatch(/"d"|"p"|"q"|"dp"|"dq"|"qi"/)
  })

  it('GET /v1/auth/jwks/default returns the same with the secret key, by header or ?api_key=', async () => {
    emulator = testEmulator()
    const expected = (await emulator.call('GET', `/v1/auth/jwks/${emulator.appId}`)).json
    expect((await emulator.call('GET', '/v1/auth/jwks/default')).json).toEqual(expected)
    const byQuery = await emulator.call('GET', `/v1/auth/jwks/default?api_key=${emulator.secretKey}`, undefined, { key: null })
    expect(byQuery.json).toEqual(expected)
    expect((await emulator.call('GET', `/v1/auth/jwks/default?api_key=${emulator.publishableKey}`, undefined, { key: null })).status).toBe(403)
  })

  it('404 for another app id', async () => {
    emulator = testEmulator()
    const res = await emulator.call('GET', '/v1/auth/jwks/app_other', undefined, { key: null })
    expectErrorShape(res.json, 404, 'not_found')
  })
})

describe('routing', () => {
  it("every route fits Hono's RegExpRouter (its SmartRouter otherwise falls back to the slower TrieRouter)", async () => {
    emulator = testEmulator()
    await emulator.call('GET', `/v1/auth/jwks/${emulator.appId}`, undefined, { key: null })
    const router = emulator.app.router as unknown as { activeRouter: { name: string } }
    expect(router.activeRouter.name).toBe('RegExpRouter')
  })

  it('GET /v1/auth/jwks/default needs the secret key even when the app id is `default`', async () => {
    emulator = testEmulator({ appId: 'default' })
    expect((await emulator.call('GET', '/v1/auth/jwks/default', undefined, { key: null })).status).toBe(401)
    expect((await emulator.call('GET', '/v1/auth/jwks/default')).status).toBe(200)
  })
})

describe('emulator-only routes', () => {
  it('GET /emulator/v1/mailbox lists mail oldest first, filtered by email', async () => {
    emulator = testEmulator()
    await emulator.call('POST', '/v1/auth/otps/email/login_or_create', { email: 'ada@example.com' })
    emulator.clock.advance(1)
    await emulator.call('POST', '/v1/auth/otps/email/login_or_create', { email: 'bob@example.com' })
    emulator.clock.advance(1)
    await emulator.call('POST', '/v1/auth/otps/email/login_or_create', { email: 'ada@example.com' })
    const ada = (await emulator.call('GET', '/emulator/v1/mailbox?email=ADA@example.com', undefined, { key: null })).json
    expect(ada.messages.map((m: { sent_at: number }) => m.sent_at)).toEqual([1735689600, 1735689602])
    expect(ada.messages.at(-1).code).toBe(emulator.latestCode('ada@example.com'))
    const all = (await emulator.call('GET', '/emulator/v1/mailbox', undefined, { key: null })).json
    expect(all.messages).toHaveLength(3)
  })

  it('GET /emulator shows recent mail as HTML, escaped', async () => {
    emulator = testEmulator()
    await emulator.call('POST', '/v1/auth/otps/email/login_or_create', { email: "o'brien@example.com" })
    const res = await emulator.app.request('/emulator')
    const html = await res.text()
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(html).toContain(emulator.latestCode("o'brien@example.com"))
    expect(html).toContain('o&#39;brien@example.com')
  })
})
