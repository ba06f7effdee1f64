import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { createBackend } from './backend.ts'

async function api(emulator: RunningEmulator, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${emulator.publishableKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(200)
  return res.json()
}

describe('playground backend', () => {
  let emulator: RunningEmulator
  let session: { session_token: string; session_jwt: string; user: { id: string } }

  beforeAll(async () => {
    emulator = await startEmulator({ memory: true, log: () => {} })
    const email = 'backend@example.com'
    const { email_id } = await api(emulator, '/v1/auth/otps/email/login_or_create', { email })
    session = await api(emulator, '/v1/auth/otps/verify', { method_id: email_id, otp: emulator.latestCode(email) })
  })
  afterAll(async () => {
    await emulator?.close()
  })

  const call = (authorization?: string, apiUrl = emulator.url) =>
    createBackend({ apiUrl, secretKey: emulator.secretKey }).request('/api/protected', {
      method: 'POST',
      headers: authorization ? { Authorization: authorization } : {},
    })

  it('answers the user id for a session token, like the docs’ Next.js route', async () => {
    const res = await call(`Bearer ${session.session_token}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ message: 'Success', userId: session.user.id, via: 'session_token' })
  })

  it('accepts the session JWT too', async () => {
    const res = await call(`Bearer ${session.session_jwt}`)
    expect(await res.json()).toEqual({ message: 'Success', userId: session.user.id, via: 'session_jwt' })
  })

  it('answers 401 without a bearer credential or with a bad one', async () => {
    expect((await call()).status).toBe(401)
    expect(await (await call('Basic abc')).json()).toEqual({ error: 'Missing authorization header' })
    const bad = await call('Bearer session_nope')
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ error: 'Invalid session' })
  })

  it('answers 503, not 401, when the API cannot be reached', async () => {
    const res = await call(`Bearer ${session.session_token}`, 'http://127.0.0.1:9')
    expect(res.status).toBe(503)
  })

  it('checks a session JWT offline: after revocation the token fails at once, the JWT until it expires', async () => {
    const email = 'revoked@example.com'
    const { email_id } = await api(emulator, '/v1/auth/otps/email/login_or_create', { email })
    const revoked = await api(emulator, '/v1/auth/otps/verify', { method_id: email_id, otp: emulator.latestCode(email) })
    const backend = createBackend({ apiUrl: emulator.url, secretKey: emulator.secretKey })
    const ask = (credential: string) =>
      backend.request('/api/protected', { method: 'POST', headers: { Authorization: `Bearer ${credential}` } })
    expect((await ask(revoked.session_jwt)).status).toBe(200)
    const del = await fetch(`${emulator.url}/v1/auth/sessions/delete`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${emulator.secretKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ session_token: revoked.session_token }),
    })
    expect(del.status).toBe(200)
    expect(await (await ask(revoked.session_token)).json()).toEqual({ error: 'Invalid session' })
    expect(await (await ask(revoked.session_jwt)).json()).toEqual({ message: 'Success', userId: revoked.user.id, via: 'session_jwt' })
  })

  it('answers 401 for a tampered session JWT', async () => {
    const [header, payload, signature] = session.session_jwt.split('.')
    const tampered = `${header}.${payload}x.${signature}`
    const res = await call(`Bearer ${tampered}`)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: 'Invalid session' })
  })
})
