import { generateKeyPairSync } from 'node:crypto'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, UnsecuredJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from './emulator.ts'
import { sharedSigningKey } from './test-utils.ts'

let emulator: RunningEmulator
let login: { session_jwt: string; session_token: string; user_id: string; session: { id: string } }
let jwks: ReturnType<typeof createRemoteJWKSet>

beforeAll(async () => {
  emulator = await startEmulator({ log: () => {}, initialSigningKey: sharedSigningKey() })
  const headers = { Authorization: `Bearer ${emulator.publishableKey}`, 'Content-Type': 'application/json' }
  const sent = await fetch(`${emulator.url}/v1/auth/otps/email/login_or_create`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email: 'ada@example.com' }),
  }).then((r) => r.json())
  login = await fetch(`${emulator.url}/v1/auth/otps/verify`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ method_id: sent.email_id, otp: emulator.latestCode('ada@example.com') }),
  }).then((r) => r.json())
  jwks = createRemoteJWKSet(new URL(`${emulator.url}/v1/auth/jwks/${emulator.appId}`))
})
afterAll(async () => {
  await emulator.close()
})

const options = () => ({ issuer: emulator.issuer, audience: emulator.appId, algorithms: ['RS256'] })
const serverVerify = (jwt: string) =>
  fetch(`${emulator.url}/v1/auth/sessions/verify`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${emulator.secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ session_jwt: jwt }),
  })

describe('session JWTs against the JWKS over HTTP', () => {
  it('listens on 127.0.0.1', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('verify with jose.createRemoteJWKSet: issuer, audience, kid, RS256', async () => {
    const { payload, protectedHeader } = await jwtVerify(login.session_jwt, jwks, options())
    expect(protectedHeader.alg).toBe('RS256')
    const published = await fetch(`${emulator.url}/v1/auth/jwks/${emulator.appId}`).then((r) => r.json())
    expect(published.keys.map((k: { kid: string }) => k.kid)).toContain(protectedHeader.kid)
    expect(payload).toMatchObject({ iss: 'moonkey.fun/app_test_emulator', aud: 'app_test_emulator', sub: login.user_id, jti: login.session.id })
  })

  it('refuses the wrong issuer or audience', async () => {
    await expect(jwtVerify(login.session_jwt, jwks, { ...options(), issuer: 'moonkey.fun/other' })).rejects.toThrow(/iss/)
    await expect(jwtVerify(login.session_jwt, jwks, { ...options(), audience: 'other' })).rejects.toThrow(/aud/)
  })

  /** Every claim of a genuine session JWT: only the algorithm or the key differs. */
  const withOurClaims = (jwt: SignJWT): SignJWT =>
    jwt
      .setIssuer(emulator.issuer)
      .setAudience(emulator.appId)
      .setSubject(login.user_id)
      .setJti(login.session.id)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')

  it('refuses a token signed with another key under our kid', async () => {
    const { kid } = decodeProtectedHeader(login.session_jwt)
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const forged = await withOurClaims(new SignJWT({ session: {} }))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: kid! })
      .sign(privateKey)
    await expect(jwtVerify(forged, jwks, options())).rejects.toThrow(/signature/)
    expect((await serverVerify(forged)).status).toBe(404)
  })

  it('refuses alg "none"', async () => {
    const unsecured = new UnsecuredJWT({ session: {} })
      .setIssuer(emulator.issuer)
      .setAudience(emulator.appId)
      .setSubject(login.user_id)
      .setJti(login.session.id)
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode()
    await expect(jwtVerify(unsecured, jwks, options())).rejects.toThrow()
    expect((await serverVerify(unsecured)).status).toBe(404)
  })

  it('refuses HS256, even keyed with the published public key', async () => {
    const { kid } = decodeProtectedHeader(login.session_jwt)
    const published = await fetch(`${emulator.url}/v1/auth/jwks/${emulator.appId}`).then((r) => r.json())
    const secret = new TextEncoder().encode(JSON.stringify(published.keys[0]))
    const hs = await withOurClaims(new SignJWT({ session: {} }))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: kid! })
      .sign(secret)
    await expect(jwtVerify(hs, jwks, options())).rejects.toThrow(/alg/)
    expect((await serverVerify(hs)).status).toBe(404)
  })

  it('the genuine JWT also verifies at the server', async () => {
    expect((await serverVerify(login.session_jwt)).status).toBe(200)
  })
})

describe('request bodies over real HTTP', () => {
  const post = (body: BodyInit, extra: Record<string, string> = {}) =>
    fetch(`${emulator.url}/v1/auth/sessions/verify`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emulator.secretKey}`, 'Content-Type': 'application/json', ...extra },
      body,
      duplex: 'half',
    } as RequestInit)

  it('refuses a body over 16 KB, with Content-Length and chunked', async () => {
    const big = JSON.stringify({ session_token: 'x'.repeat(17 * 1024) })
    const res = await post(big)
    expect(res.status).toBe(413)
    expect(res.headers.get('connection')).toBe('close')
    expect((await res.json()).error_type).toBe('payload_too_large')
    const chunk = new TextEncoder().encode(' '.repeat(1024))
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    const chunked = await post(stream)
    expect(chunked.status).toBe(413)
    expect((await chunked.json()).error_message).toMatch(/larger than 16384 bytes/)
  })

  it('refuses malformed JSON', async () => {
    const res = await post('{"session_token":')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ status_code: 400, error_type: 'invalid_request' })
  })
})
