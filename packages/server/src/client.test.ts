import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { base64url, decodeProtectedHeader, exportSPKI, importJWK, SignJWT, type JWK } from 'jose'
import { login, recordingFetch, type Login } from '../test/emulator.ts'
import { expectAuthError, expectNoSecret, SECRETS } from '../test/expect-error.ts'
import { newKey } from '../test/jwks-server.ts'
import { createMoonKeyServer } from './client.ts'
import type { MoonKeyServerOptions } from './types.ts'

const quiet = { memory: true, log: () => {} } as const

describe('createMoonKeyServer against the emulator', () => {
  let emulator: RunningEmulator
  let alice: Login
  let clock: number
  const now = () => clock

  beforeAll(async () => {
    clock = Date.now()
    emulator = await startEmulator({ ...quiet, now })
    alice = await login(emulator, 'alice@example.com')
  })
  afterAll(async () => {
    await emulator?.close()
  })
  beforeEach(() => {
    clock = Date.now()
  })

  const moonkey = (options: Partial<MoonKeyServerOptions> = {}) =>
    createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl: emulator.url, appId: emulator.appId, now, ...options })

  describe('valid credentials', () => {
    it('verifySession: the API answers user and session, as camelCase objects', async () => {
      const { user, session } = await moonkey().verifySession(alice.session_token)
      expect(user).toMatchObject({ id: alice.user.id, email: 'alice@example.com', status: 'active' })
      expect(user.emails).toEqual([expect.objectContaining({ email: 'alice@example.com', verified: true })])
      expect(session).toMatchObject({ id: alice.session.id, userId: alice.user.id })
      expect(session.expiresAt).toBeGreaterThan(session.startedAt)
      expect(session.factors[0]).toMatchObject({ type: 'otp', deliveryChannel: 'email', method: { methodType: 'email' } })
      expect(session.deviceFingerprint).toHaveProperty('userAgent')
    })

    it('verifySessionJwt: offline, user and session ids from the claims', async () => {
      const result = await moonkey().verifySessionJwt(alice.session_jwt)
      expect(result.userId).toBe(alice.user.id)
      expect(result.sessionId).toBe(alice.session.id)
      expect(result.session).toMatchObject({ id: alice.session.id, userId: alice.user.id })
      expect(result.claims).toMatchObject({ iss: emulator.issuer, aud: emulator.appId })
    })

    it('authenticateRequest: tells a token from a JWT', async () => {
      const server = moonkey()
      const byToken = await server.authenticateRequest(new Request('http://x', { headers: { Authorization: `Bearer ${alice.session_token}` } }))
      expect(byToken).toMatchObject({ via: 'session_token', userId: alice.user.id, sessionId: alice.session.id })
      const byJwt = await server.authenticateRequest(new Request('http://x', { headers: { authorization: `bearer ${alice.session_jwt}` } }))
      expect(byJwt).toMatchObject({ via: 'session_jwt', userId: alice.user.id, sessionId: alice.session.id })
    })

    it('authenticateRequest: missing_credentials without a Bearer credential', async () => {
      const server = moonkey()
      await expectAuthError(server.authenticateRequest(new Request('http://x')), 'missing_credentials')
      const basic = new Request('http://x', { headers: { Authorization: 'Basic YTpi' } })
      const error = await expectAuthError(server.authenticateRequest(basic), 'missing_credentials')
      expect(error.status).toBe(401)
      await expectAuthError(server.verifySession(''), 'missing_credentials')
      await expectAuthError(server.verifySessionJwt(''), 'missing_credentials')
    })

    it('getUser and listSessions', async () => {
      const server = moonkey()
      expect(await server.getUser(alice.user.id)).toMatchObject({ id: alice.user.id, email: 'alice@example.com' })
      const sessions = await server.listSessions(alice.user.id)
      expect(sessions.map((s) => s.id)).toContain(alice.session.id)
      await expectAuthError(server.getUser('user_doesnotexist'), 'user_not_found')
    })
  })

  describe('invalid credentials', () => {
    it('an unknown session token → 401-class', async () => {
      const error = await expectAuthError(moonkey().verifySession('session_nope'), 'session_not_found')
      expect(error.status).toBe(401)
    })

    it('a tampered payload → invalid_token', async () => {
      const [header, payload, signature] = alice.session_jwt.split('.') as [string, string, string]
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)))
      claims.sub = 'user_someoneelse'
      claims.session.user_id = 'user_someoneelse'
      const tampered = `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`
      await expectAuthError(moonkey().verifySessionJwt(tampered), 'invalid_token')
    })

    it('a signature by another key (same kid, same claims) → invalid_token', async () => {
      const { kid } = decodeProtectedHeader(alice.session_jwt)
      const forger = await newKey(kid!)
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(alice.session_jwt.split('.')[1]!)))
      const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(forger.privateKey)
      await expectAuthError(moonkey().verifySessionJwt(forged), 'invalid_token')
    })

    it('alg none → invalid_token, without even fetching the JWKS', async () => {
      const { fetch, calls } = recordingFetch()
      const [, payload] = alice.session_jwt.split('.')
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: decodeProtectedHeader(alice.session_jwt).kid }))
      const server = moonkey({ fetch })
      await expectAuthError(server.verifySessionJwt(`${header}.${payload}.`), 'invalid_token')
      await expectAuthError(server.authenticateRequest(new Request('http://x', { headers: { Authorization: `Bearer ${header}.${payload}.` } })), 'invalid_token')
      expect(calls).toEqual([])
    })

    it('HS256 signed with the public key → invalid_token', async () => {
      const jwks = (await (await fetch(`${emulator.url}/v1/auth/jwks/${emulator.appId}`)).json()) as { keys: JWK[] }
      const jwk = jwks.keys[0]!
      const pem = await exportSPKI((await importJWK(jwk, 'RS256', { extractable: true })) as CryptoKey)
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(alice.session_jwt.split('.')[1]!)))
      const server = moonkey()
      for (const secret of [pem, JSON.stringify(jwk), jwk.n!]) {
        const hs = await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: jwk.kid })
          .sign(new TextEncoder().encode(secret))
        await expectAuthError(server.verifySessionJwt(hs), 'invalid_token')
      }
    })

    it('a JWT for another issuer or audience → invalid_token', async () => {
      await expectAuthError(moonkey({ issuer: 'moonkey.fun/app_someone_else' }).verifySessionJwt(alice.session_jwt), 'invalid_token')
    })

    it('an expired JWT → token_expired', async () => {
      const server = moonkey()
      await server.verifySessionJwt(alice.session_jwt)
      clock += 310_000
      const error = await expectAuthError(server.verifySessionJwt(alice.session_jwt), 'token_expired')
      expect(error.status).toBe(401)
    })
  })

  describe('revocation: the token path sees it at once, the JWT path at the JWT expiry', () => {
    it('deleteSession({ sessionToken })', async () => {
      const bob = await login(emulator, 'bob@example.com')
      const server = moonkey()
      await server.verifySession(bob.session_token)
      await server.deleteSession({ sessionToken: bob.session_token })
      await expectAuthError(server.verifySession(bob.session_token), 'session_not_found')
      // The JWT was signed before the revocation: offline checks cannot know…
      expect((await server.verifySessionJwt(bob.session_jwt)).userId).toBe(bob.user.id)
      // …until it expires (exp = iat + 300 s, plus 5 s of tolerance).
      clock += 306_000
      await expectAuthError(server.verifySessionJwt(bob.session_jwt), 'token_expired')
      // Deleting again succeeds (idempotent).
      clock = Date.now()
      await server.deleteSession({ sessionToken: bob.session_token })
    })

    it('deleteSession({ sessionId }) and ({ sessionJwt })', async () => {
      const server = moonkey()
      const carol = await login(emulator, 'carol@example.com')
      await server.deleteSession({ sessionId: carol.session.id })
      await expectAuthError(server.verifySession(carol.session_token), 'session_not_found')
      const dave = await login(emulator, 'dave@example.com')
      await server.deleteSession({ sessionJwt: dave.session_jwt })
      await expectAuthError(server.verifySession(dave.session_token), 'session_not_found')
      expect(await server.listSessions(dave.user.id)).toEqual([])
      await expectAuthError(server.deleteSession({} as never), 'invalid_request')
      await expectAuthError(
        server.deleteSession({ sessionId: 'a', sessionToken: 'b' } as never),
        'invalid_request',
      )
    })
  })

  it('key rotation: a JWT from the new key verifies after exactly one JWKS refetch', async () => {
    const { fetch, calls } = recordingFetch()
    const server = moonkey({ fetch })
    const jwksFetches = () => calls.filter((call) => call.url.includes('/jwks/')).length
    const before = await login(emulator, 'rotate-before@example.com')
    await server.verifySessionJwt(before.session_jwt)
    expect(jwksFetches()).toBe(1)

    await emulator.rotateKeys()
    const after = await login(emulator, 'rotate-after@example.com')
    expect(decodeProtectedHeader(after.session_jwt).kid).not.toBe(decodeProtectedHeader(before.session_jwt).kid)
    expect((await server.verifySessionJwt(after.session_jwt)).userId).toBe(after.user.id)
    expect(jwksFetches()).toBe(2)
    // The retired key stays published while its JWTs can live: old JWTs still verify.
    await server.verifySessionJwt(before.session_jwt)
    await server.verifySessionJwt(after.session_jwt)
    expect(jwksFetches()).toBe(2)
  })

  describe('without appId', () => {
    it('fetches /jwks/default with the key in the header, confirms the first JWT once, then stays offline', async () => {
      const { fetch, calls } = recordingFetch()
      const server = moonkey({ appId: undefined, fetch })
      await server.verifySessionJwt(alice.session_jwt)
      expect(calls.map((call) => `${call.method} ${new URL(call.url).pathname}`)).toEqual([
        'GET /v1/auth/jwks/default',
        'POST /v1/auth/sessions/verify',
      ])
      expect(calls[0]!.authorization).toBe(`Bearer ${emulator.secretKey}`)
      const erin = await login(emulator, 'erin@example.com')
      await server.verifySessionJwt(erin.session_jwt)
      await server.verifySessionJwt(alice.session_jwt)
      expect(calls).toHaveLength(2)
    })

    it('a revoked session at discovery time → session_not_found', async () => {
      const frank = await login(emulator, 'frank@example.com')
      await moonkey().deleteSession({ sessionToken: frank.session_token })
      await expectAuthError(moonkey({ appId: undefined }).verifySessionJwt(frank.session_jwt), 'session_not_found')
    })
  })

  describe('configuration', () => {
    it.each<[string, MoonKeyServerOptions, RegExp]>([
      ['an empty key', { secretKey: '' }, /^secretKey is missing/],
      ['no key (an unset environment variable at build time)', { secretKey: process.env.MOONKEY_TEST_UNSET_KEY!, appId: 'app_x' }, /^secretKey is missing/],
      ['a publishable key', { secretKey: 'pk_test_emulator' }, /publishable key/],
      ['a bad apiUrl', { secretKey: 'sk_test_emulator', apiUrl: 'ftp://example.com' }, /apiUrl/],
      ['an apiUrl with a query', { secretKey: 'sk_test_emulator', apiUrl: 'https://example.com/?api_key=sk_test_emulator' }, /apiUrl/],
      ['a bad appId', { secretKey: 'sk_test_emulator', appId: 'app x' }, /appId/],
    ])('with %s: construction does not throw; every call rejects with the same invalid_configuration', async (_, options, message) => {
      // As at module scope in a Next.js route or a SvelteKit endpoint while the
      // build step imports it with no environment set.
      const server = createMoonKeyServer(options)
      const requireSessionRequest = new Request('http://localhost/', { headers: { Authorization: `Bearer ${alice.session_jwt}` } })
      const calls = [
        server.verifySession(alice.session_token),
        server.verifySessionJwt(alice.session_jwt),
        server.authenticateRequest(requireSessionRequest),
        server.deleteSession({ sessionId: alice.session.id }),
        server.getUser(alice.user.id),
        server.listSessions(alice.user.id),
      ]
      const errors = []
      for (const call of calls) errors.push(await expectAuthError(call, 'invalid_configuration'))
      expect(errors[0]!.message).toMatch(message)
      expect(errors[0]!.status).toBe(500)
      for (const error of errors) expect(error.message).toBe(errors[0]!.message)
    })

    it('a refused secret key → invalid_configuration (500), never echoed', async () => {
      const wrong = 'sk_test_wrongwrongwrong'
      SECRETS.add(wrong)
      const error = await expectAuthError(moonkey({ secretKey: wrong }).verifySession(alice.session_token), 'invalid_configuration')
      expect(error.status).toBe(500)
    })

    it('an unknown appId → invalid_configuration', async () => {
      await expectAuthError(moonkey({ appId: 'app_unknown' }).verifySessionJwt(alice.session_jwt), 'invalid_configuration')
    })

    it('never puts the secret key in a URL', async () => {
      const { fetch, calls } = recordingFetch()
      const server = moonkey({ appId: undefined, fetch })
      await server.verifySessionJwt(alice.session_jwt)
      await server.verifySession(alice.session_token)
      await server.getUser(alice.user.id)
      await server.listSessions(alice.user.id)
      await expectAuthError(server.getUser('user_nope'), 'user_not_found')
      expect(calls.length).toBeGreaterThan(4)
      for (const call of calls) expectNoSecret(call.url)
    })
  })
})

describe('emulator down', () => {
  let emulator: RunningEmulator
  let grace: Login

  beforeAll(async () => {
    emulator = await startEmulator(quiet)
    grace = await login(emulator, 'grace@example.com')
  })
  afterAll(async () => {
    await emulator?.close()
  })

  it('answers api_unavailable (503), not a 401-class code, and keeps verifying JWTs with cached keys', async () => {
    const options = { secretKey: emulator.secretKey, apiUrl: emulator.url, appId: emulator.appId }
    const warm = createMoonKeyServer(options)
    await warm.verifySessionJwt(grace.session_jwt)
    await emulator.close()

    const cold = createMoonKeyServer(options)
    const error = await expectAuthError(cold.verifySession(grace.session_token), 'api_unavailable')
    expect(error.status).toBe(503)
    await expectAuthError(cold.verifySessionJwt(grace.session_jwt), 'api_unavailable')
    await expectAuthError(cold.authenticateRequest(new Request('http://x', { headers: { Authorization: `Bearer ${grace.session_token}` } })), 'api_unavailable')
    await expectAuthError(cold.deleteSession({ sessionToken: grace.session_token }), 'api_unavailable')
    await expectAuthError(cold.getUser(grace.user.id), 'api_unavailable')
    await expectAuthError(cold.listSessions(grace.user.id), 'api_unavailable')
    await expectAuthError(createMoonKeyServer({ ...options, appId: undefined }).verifySessionJwt(grace.session_jwt), 'api_unavailable')

    // Offline means offline: the JWKS was cached before the API went away.
    expect((await warm.verifySessionJwt(grace.session_jwt)).userId).toBe(grace.user.id)
  })
})

describe('wrong issuer or audience, signed with the right key', () => {
  // Emulators sharing one data directory share their signing keys, so these
  // JWTs carry a valid signature and differ only in iss/aud.
  let dataDir: string
  const emulators: RunningEmulator[] = []

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'moonkey-server-'))
  })
  afterAll(async () => {
    for (const emulator of emulators) await emulator.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('rejects them with invalid_token', async () => {
    const ours = await startEmulator({ dataDir, log: () => {} })
    emulators.push(ours)
    const otherApp = await startEmulator({ dataDir, appId: 'app_test_other', log: () => {} })
    emulators.push(otherApp)
    const otherIssuer = await startEmulator({ dataDir, issuerHost: 'evil.example', log: () => {} })
    emulators.push(otherIssuer)

    const server = createMoonKeyServer({ secretKey: ours.secretKey, apiUrl: ours.url, appId: ours.appId })
    const good = await login(ours, 'ivan@example.com')
    const wrongAudience = await login(otherApp, 'ivan@example.com')
    const wrongIssuer = await login(otherIssuer, 'ivan@example.com')
    const kid = (jwt: string) => decodeProtectedHeader(jwt).kid
    expect(kid(wrongAudience.session_jwt)).toBe(kid(good.session_jwt))
    expect(kid(wrongIssuer.session_jwt)).toBe(kid(good.session_jwt))

    await server.verifySessionJwt(good.session_jwt)
    await expectAuthError(server.verifySessionJwt(wrongAudience.session_jwt), 'invalid_token')
    await expectAuthError(server.verifySessionJwt(wrongIssuer.session_jwt), 'invalid_token')
    // The same JWT passes once the expected issuer is the one it names: only iss was wrong.
    const lenient = createMoonKeyServer({ secretKey: ours.secretKey, apiUrl: ours.url, appId: ours.appId, issuer: 'evil.example/app_test_emulator' })
    await lenient.verifySessionJwt(wrongIssuer.session_jwt)
  })
})
