import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { login, type Login } from '../test/emulator.ts'
import { expectNoSecret } from '../test/expect-error.ts'
import { createMoonKeyServer } from './client.ts'
import { requireSession } from './express.ts'

describe('requireSession (Express)', () => {
  let emulator: RunningEmulator
  let session: Login
  let server: Server
  let url: string
  let apiUrl: string

  beforeAll(async () => {
    emulator = await startEmulator({ memory: true, log: () => {} })
    session = await login(emulator, 'express@example.com')
    apiUrl = emulator.url
    const app = express()
    // The API URL is read per request so one test can point it at a dead port.
    app.get('/api/me', (req, res, next) => {
      const moonkey = createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl, appId: emulator.appId })
      requireSession(moonkey)(req, res, next)
    }, (req, res) => {
      res.json({ userId: req.moonkey!.userId, via: req.moonkey!.via })
    })
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    await emulator?.close()
  })

  const get = async (authorization?: string) => {
    const res = await fetch(`${url}/api/me`, { headers: authorization ? { Authorization: authorization } : {} })
    const text = await res.text()
    expectNoSecret(text)
    return { status: res.status, body: JSON.parse(text), headers: res.headers }
  }

  it('sets req.moonkey for a session token and for a session JWT', async () => {
    expect(await get(`Bearer ${session.session_token}`)).toMatchObject({
      status: 200,
      body: { userId: session.user.id, via: 'session_token' },
    })
    expect(await get(`Bearer ${session.session_jwt}`)).toMatchObject({
      status: 200,
      body: { userId: session.user.id, via: 'session_jwt' },
    })
  })

  it('answers 401 like the docs’ routes', async () => {
    const missing = await get()
    expect(missing).toMatchObject({ status: 401, body: { error: 'Missing authorization header' } })
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    expect(await get('Bearer session_nope')).toMatchObject({ status: 401, body: { error: 'Invalid session' } })
    expect(await get('Bearer a.b.c')).toMatchObject({ status: 401, body: { error: 'Invalid session' } })
  })

  it('answers 503 when the MoonKey API is down', async () => {
    apiUrl = 'http://127.0.0.1:9'
    try {
      expect(await get(`Bearer ${session.session_token}`)).toMatchObject({ status: 503, body: { error: 'MoonKey API unavailable' } })
    } finally {
      apiUrl = emulator.url
    }
  })
})
