import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { login, type Login } from '../test/emulator.ts'
import { createMoonKeyServer } from './client.ts'
import { requireSession, type MoonKeyVariables } from './hono.ts'

describe('requireSession (Hono)', () => {
  let emulator: RunningEmulator
  let session: Login

  beforeAll(async () => {
    emulator = await startEmulator({ memory: true, log: () => {} })
    session = await login(emulator, 'hono@example.com')
  })
  afterAll(async () => {
    await emulator?.close()
  })

  const app = (apiUrl = emulator.url) => {
    const moonkey = createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl, appId: emulator.appId })
    return new Hono<{ Variables: MoonKeyVariables }>()
      .use('/api/*', requireSession(moonkey))
      .get('/api/me', (c) => c.json({ userId: c.get('moonkey').userId, via: c.get('moonkey').via }))
  }
  const get = async (authorization?: string, apiUrl?: string) => {
    const res = await app(apiUrl).request('/api/me', { headers: authorization ? { Authorization: authorization } : {} })
    return { status: res.status, body: await res.json() }
  }

  it('sets c.get("moonkey") for a session token and for a session JWT', async () => {
    expect(await get(`Bearer ${session.session_token}`)).toEqual({ status: 200, body: { userId: session.user.id, via: 'session_token' } })
    expect(await get(`Bearer ${session.session_jwt}`)).toEqual({ status: 200, body: { userId: session.user.id, via: 'session_jwt' } })
  })

  it('answers 401 like the docs’ routes', async () => {
    expect(await get()).toEqual({ status: 401, body: { error: 'Missing authorization header' } })
    expect(await get('Bearer session_nope')).toEqual({ status: 401, body: { error: 'Invalid session' } })
  })

  it('answers 503 when the MoonKey API is down', async () => {
    expect(await get(`Bearer ${session.session_token}`, 'http://127.0.0.1:9')).toEqual({
      status: 503,
      body: { error: 'MoonKey API unavailable' },
    })
  })

  it('lets onError answer instead', async () => {
    const moonkey = createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl: emulator.url, appId: emulator.appId })
    const custom = new Hono().get('/x', requireSession(moonkey, { onError: (error, c) => c.json({ code: error.code }, 418) }), (c) => c.text('ok'))
    const res = await custom.request('/x')
    expect(res.status).toBe(418)
    expect(await res.json()).toEqual({ code: 'missing_credentials' })
  })
})
