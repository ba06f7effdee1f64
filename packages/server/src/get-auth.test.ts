import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { base64url, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose'
import { login, recordingFetch, type Login } from '../test/emulator.ts'
import { expectAuthError } from '../test/expect-error.ts'
import { newKey } from '../test/jwks-server.ts'
import { createMoonKeyServer } from './client.ts'
import { parseSetCookieValue } from './cookies.ts'
import type { MoonKeyServerOptions } from './types.ts'

const quiet = { memory: true, log: () => {} } as const
/** Past the 5-minute JWT and the 5-second tolerance; the session (7 days) lives on. */
const JWT_EXPIRED = 310_000

describe('getAuth: session cookies against the emulator', () => {
  let emulator: RunningEmulator
  let other: RunningEmulator
  let alice: Login
  let bob: Login
  let clock: number
  const now = () => clock

  beforeAll(async () => {
    clock = Date.now()
    emulator = await startEmulator({ ...quiet, now })
    other = await startEmulator({ ...quiet, appId: 'app_test_other', now })
    alice = await login(emulator, 'alice@example.com')
    bob = await login(emulator, 'bob@example.com')
  })
  afterAll(async () => {
    await emulator?.close()
    await other?.close()
  })
  beforeEach(() => {
    clock = Date.now()
  })

  const moonkey = (options: Partial<MoonKeyServerOptions> = {}) =>
    createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl: emulator.url, appId: emulator.appId, now, ...options })
  /** A fresh server and a count of its verify calls. */
  const counted = () => {
    const recording = recordingFetch()
    const server = moonkey({ fetch: recording.fetch })
    const calls = (path: string) => recording.calls.filter((call) => call.url.includes(path)).length
    return { server, calls }
  }
  const request = (cookies: Record<string, string>, url = 'http://localhost/') =>
    new Request(url, {
      headers: { cookie: Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ') },
    })
  const cookiesOf = ({ session_jwt, session_token }: Login) => ({ moonkey_session: session_jwt, moonkey_session_token: session_token })
  const setCookies = (values: string[]) => Object.fromEntries(values.map((value) => [parseSetCookieValue(value).name, parseSetCookieValue(value)]))
  const deletions = (values: string[]) => {
    const cookies = setCookies(values)
    expect(Object.keys(cookies).sort()).toEqual(['moonkey_session', 'moonkey_session_token'])
    for (const cookie of Object.values(cookies)) expect(cookie).toMatchObject({ value: '', maxAge: 0, path: '/' })
  }
  const forge = async (jwt: string, claims: Record<string, unknown> = {}) => {
    const { kid } = decodeProtectedHeader(jwt)
    const forger = await newKey(kid!)
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(jwt.split('.')[1]!)))
    return new SignJWT({ ...payload, ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(forger.privateKey)
  }

  it('no cookies: nobody, nothing to set, no API call', async () => {
    const { server, calls } = counted()
    expect(await server.getAuth(new Request('http://localhost/'))).toEqual({ auth: null, setCookie: [] })
    expect(await server.getAuth(request({ other: 'x' }))).toEqual({ auth: null, setCookie: [] })
    expect(calls('/v1/')).toBe(0)
  })

  it('a valid JWT cookie: checked offline, the user from a per-process cache', async () => {
    const { server, calls } = counted()
    const { auth, setCookie } = await server.getAuth(request(cookiesOf(alice)))
    expect(setCookie).toEqual([])
    expect(auth).toMatchObject({ userId: alice.user.id, sessionId: alice.session.id, session: { id: alice.session.id } })
    expect(auth!.user).toMatchObject({ id: alice.user.id, email: 'alice@example.com' })
    await Promise.all([1, 2, 3].map(() => server.getAuth(request(cookiesOf(alice)))))
    expect(calls('/sessions/verify')).toBe(0)
    expect(calls('/users/')).toBe(1)
    clock += 31_000 // the user cache lasts 30 s (the JWT still has minutes)
    await server.getAuth(request(cookiesOf(alice)))
    expect(calls('/users/')).toBe(2)
  })

  it('{ user: false } skips the user look-up', async () => {
    const { server, calls } = counted()
    const { auth } = await server.getAuth(request({ moonkey_session: alice.session_jwt }), { user: false })
    expect(auth).toMatchObject({ userId: alice.user.id, user: null })
    expect(calls('/v1/auth/users')).toBe(0)
  })

  it('an expired JWT and a live token: refreshed once, Set-Cookie carries a new valid JWT and the token, expiring with the session', async () => {
    const { server, calls } = counted()
    clock += JWT_EXPIRED
    const { auth, setCookie } = await server.getAuth(request(cookiesOf(alice), 'https://app.example/'))
    expect(calls('/sessions/verify')).toBe(1)
    expect(auth).toMatchObject({ userId: alice.user.id, sessionId: alice.session.id, user: { email: 'alice@example.com' } })
    const cookies = setCookies(setCookie)
    expect(Object.keys(cookies)).toEqual(['moonkey_session', 'moonkey_session_token'])
    const jwt = cookies.moonkey_session!.value
    expect(jwt).not.toBe(alice.session_jwt)
    expect(await server.verifySessionJwt(jwt)).toMatchObject({ sessionId: alice.session.id })
    expect(cookies.moonkey_session_token!.value).toBe(alice.session_token)
    const maxAge = auth!.session.expiresAt - Math.floor(clock / 1000)
    for (const value of setCookie) {
      expect(value).toMatch(/; Path=\/; Expires=[^;]+; Secure; SameSite=Lax$/)
      expect(value).not.toMatch(/HttpOnly/i)
      expect(Math.abs(parseSetCookieValue(value).maxAge - maxAge)).toBeLessThanOrEqual(1)
    }
    // The new JWT is then the fast path again.
    expect((await server.getAuth(request({ moonkey_session: jwt }))).setCookie).toEqual([])
    expect(calls('/sessions/verify')).toBe(1)
  })

  it('Secure only over https (directly or behind a proxy that says so)', async () => {
    clock += JWT_EXPIRED
    const server = moonkey()
    const plain = await server.getAuth(request(cookiesOf(alice), 'http://localhost:3000/'))
    expect(plain.setCookie.every((value) => !/Secure/.test(value))).toBe(true)
    const proxied = new Request('http://10.0.0.1/', { headers: { cookie: request(cookiesOf(alice)).headers.get('cookie')!, 'x-forwarded-proto': 'https' } })
    expect((await server.getAuth(proxied)).setCookie.every((value) => /; Secure/.test(value))).toBe(true)
  })

  it('N concurrent requests with the same expired JWT: exactly one verify call, one new JWT for all, also for a burst right after', async () => {
    const { server, calls } = counted()
    clock += JWT_EXPIRED
    const results = await Promise.all(Array.from({ length: 12 }, () => server.getAuth(request(cookiesOf(alice)))))
    expect(calls('/sessions/verify')).toBe(1)
    const jwts = new Set(results.map((result) => setCookies(result.setCookie).moonkey_session!.value))
    expect(jwts.size).toBe(1)
    clock += 2_000
    const later = await server.getAuth(request(cookiesOf(alice)))
    expect(setCookies(later.setCookie).moonkey_session!.value).toBe([...jwts][0])
    expect(calls('/sessions/verify')).toBe(1)
    // Another session refreshes on its own.
    await server.getAuth(request(cookiesOf(bob)))
    expect(calls('/sessions/verify')).toBe(2)
  })

  it('only the token cookie (JWT cookie missing): refreshed', async () => {
    const { auth, setCookie } = await moonkey().getAuth(request({ moonkey_session_token: alice.session_token }))
    expect(auth?.sessionId).toBe(alice.session.id)
    expect(Object.keys(setCookies(setCookie))).toEqual(['moonkey_session', 'moonkey_session_token'])
  })

  it('an expired JWT and no token: nobody, but the cookie stays for the browser to refresh', async () => {
    clock += JWT_EXPIRED
    const { server, calls } = counted()
    expect(await server.getAuth(request({ moonkey_session: alice.session_jwt }))).toEqual({ auth: null, setCookie: [] })
    expect(calls('/sessions/verify')).toBe(0)
  })

  it('a revoked session: nobody, and both cookies deleted', async () => {
    const carol = await login(emulator, 'carol@example.com')
    await moonkey().deleteSession({ sessionToken: carol.session_token })
    clock += JWT_EXPIRED
    const { auth, setCookie } = await moonkey().getAuth(request(cookiesOf(carol)))
    expect(auth).toBeNull()
    deletions(setCookie)
    // Only the token, revoked: the same.
    const tokenOnly = await moonkey().getAuth(request({ moonkey_session_token: carol.session_token }))
    expect(tokenOnly.auth).toBeNull()
    deletions(tokenOnly.setCookie)
  })

  it('a forged JWT cookie, a JWT of another app, garbage: nobody, and deletions', async () => {
    const otherApp = await login(other, 'alice@example.com')
    const forged = await forge(alice.session_jwt)
    for (const jwt of [forged, otherApp.session_jwt, 'garbage', 'eyJhbGciOiJSUzI1NiJ9.e30.AAAA']) {
      const { auth, setCookie } = await moonkey().getAuth(request({ moonkey_session: jwt }))
      expect(auth, jwt).toBeNull()
      deletions(setCookie)
    }
  })

  it('a forged JWT next to a valid token: only ever the token\'s session, with a new JWT', async () => {
    // Forged to claim Bob's session and user, next to Alice's token.
    const forged = await forge(alice.session_jwt, { sub: bob.user.id, jti: bob.session.id, session: { ...decodeJwt(bob.session_jwt).session as object } })
    const { auth, setCookie } = await moonkey().getAuth(request({ moonkey_session: forged, moonkey_session_token: alice.session_token }))
    expect(auth).toMatchObject({ userId: alice.user.id, sessionId: alice.session.id })
    expect(decodeJwt(setCookies(setCookie).moonkey_session!.value).jti).toBe(alice.session.id)
  })

  it('an expired JWT of one session next to the token of another: nobody, and deletions', async () => {
    clock += JWT_EXPIRED
    const { auth, setCookie } = await moonkey().getAuth(request({ moonkey_session: alice.session_jwt, moonkey_session_token: bob.session_token }))
    expect(auth).toBeNull()
    deletions(setCookie)
  })

  it('the API down (unreachable or 5xx) with an expired JWT: api_unavailable, nobody logged out', async () => {
    clock += JWT_EXPIRED
    const down = moonkey({ apiUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 })
    // Unreachable (keys and refresh), or reachable with only the refresh failing.
    const failing: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input)
      if (url.includes('/sessions/verify')) return new Response('{"error_type":"internal"}', { status: 502 })
      return fetch(input, init)
    }
    await expectAuthError(down.getAuth(request(cookiesOf(alice))), 'api_unavailable')
    await expectAuthError(moonkey({ fetch: failing }).getAuth(request(cookiesOf(alice))), 'api_unavailable')
    // A valid JWT needs no API: the fast path works through the outage (the user is left out).
    clock = Date.now()
    const fresh = await login(emulator, 'outage@example.com')
    const offline = await moonkey({ fetch: async (input, init) => (String(input).includes('/users/') ? new Response('', { status: 503 }) : fetch(input, init)) })
      .getAuth(request(cookiesOf(fresh)))
    expect(offline.auth).toMatchObject({ userId: fresh.user.id, user: null })
  })

  it('a misconfigured server throws rather than logging anyone out', async () => {
    await expectAuthError(moonkey({ secretKey: 'sk_test_wrong' }).getAuth(request({ moonkey_session_token: alice.session_token })), 'invalid_configuration')
  })
})
