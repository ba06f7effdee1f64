import 'fake-indexeddb/auto'

import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { IDBFactory } from 'fake-indexeddb'
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { mapStorage, ready } from '../test/setup-client.ts'
import { createMoonKey } from './index.ts'
import type { MoonKeyClient, MoonKeyOptions } from './index.ts'

let emulator: RunningEmulator
/** How far the emulator's clock is ahead of the client's, in ms. */
let serverShift = 0
const clients: MoonKeyClient[] = []

beforeAll(async () => {
  emulator = await startEmulator({ log: () => {}, memory: true, now: () => Date.now() + serverShift })
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
})
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
  vi.useRealTimers()
  vi.restoreAllMocks()
  serverShift = 0
})

const create = (options: Partial<MoonKeyOptions> = {}): MoonKeyClient => {
  const client = createMoonKey({
    publishableKey: emulator.publishableKey,
    apiUrl: emulator.url,
    ...options,
  })
  clients.push(client)
  return client
}

const login = async (client: MoonKeyClient, email: string) => {
  await ready(client)
  await client.sendCode({ email })
  const code = emulator.latestCode(email)
  expect(code).toMatch(/^\d{6}$/)
  return client.loginWithCode({ code: code! })
}

/** Asks the emulator with the secret key whether a session token is alive. */
const serverStatus = async (sessionToken: string): Promise<number> => {
  const response = await fetch(`${emulator.url}/v1/auth/sessions/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session_token: sessionToken }),
  })
  return response.status
}

describe('against the emulator', () => {
  it('logs in with the emailed code and persists the session in IndexedDB', async () => {
    const client = create()
    const user = await login(client, 'ada@example.com')
    expect(user).toMatchObject({ id: expect.stringMatching(/^user_/), email: 'ada@example.com' })
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: true, user })
    expect(client.$loginState.get().status).toBe('done')
    const tokens = await client.getSessionTokens()
    expect(tokens?.sessionToken).toMatch(/^session_[A-Za-z0-9]{64}$/)
    const { payload } = await jwtVerify(
      tokens!.sessionJwt,
      createRemoteJWKSet(new URL(`${emulator.url}/v1/auth/jwks/${emulator.appId}`)),
    )
    expect(payload.sub).toBe(user.id)
    expect(await serverStatus(tokens!.sessionToken)).toBe(200)

    // A new page load restores it.
    client.destroy()
    const next = create()
    await ready(next)
    expect(next.$state.get().user?.email).toBe('ada@example.com')
    expect(await next.getSessionTokens()).toEqual(tokens)
  })

  it('refreshes the JWT after it expires (emulator and client share the shifted clock)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const client = create({ storage: 'memory' })
    await login(client, 'grace@example.com')
    const first = await client.getSessionTokens()
    vi.setSystemTime(Date.now() + 301_000) // the JWT has expired on both clocks
    const second = await client.getSessionTokens()
    expect(second?.sessionToken).toBe(first?.sessionToken)
    expect(second?.sessionJwt).not.toBe(first?.sessionJwt)
    expect(decodeJwt(second!.sessionJwt).exp! * 1000).toBeGreaterThan(Date.now() + 60_000)
  })

  it.each([
    ['ahead', -10 * 60_000],
    ['behind', 10 * 60_000],
  ])('works with a client clock 10 minutes %s of the server', async (_, shift) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    serverShift = shift
    const requests: string[] = []
    const client = create({
      storage: 'memory',
      fetch: (input, init) => {
        requests.push(new Request(input, init).url)
        return fetch(input, init)
      },
    })
    await login(client, `clock${shift}@example.com`)
    const first = await client.getSessionTokens()
    expect(requests.filter((url) => url.endsWith('/sessions/verify'))).toHaveLength(0)

    vi.setSystemTime(Date.now() + 301_000) // the JWT expired on both clocks
    const second = await client.getSessionTokens()
    expect(requests.filter((url) => url.endsWith('/sessions/verify'))).toHaveLength(1)
    expect(second?.sessionJwt).not.toBe(first?.sessionJwt)
    const exp = decodeJwt(second!.sessionJwt).exp! * 1000
    expect(exp - (Date.now() + serverShift)).toBeGreaterThan(60_000)
  })

  it('logout revokes the session on the server', async () => {
    const client = create({ storage: 'memory' })
    await login(client, 'linus@example.com')
    const tokens = await client.getSessionTokens()
    expect(await serverStatus(tokens!.sessionToken)).toBe(200)
    await client.logout()
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false, user: null })
    expect(await serverStatus(tokens!.sessionToken)).toBe(404)
    await expect(client.getSessionTokens()).resolves.toBeNull()
  })

  it('a logout made offline reaches the server on the next start', async () => {
    const storage = mapStorage()
    let offline = false
    const flaky: typeof fetch = (input, init) =>
      offline ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init)
    const client = create({ storage, fetch: flaky })
    await login(client, 'margaret@example.com')
    const tokens = await client.getSessionTokens()
    offline = true
    await client.logout()
    expect(await serverStatus(tokens!.sessionToken)).toBe(200)
    client.destroy()

    offline = false
    const next = create({ storage, fetch: flaky })
    await ready(next)
    await vi.waitFor(async () => expect(await serverStatus(tokens!.sessionToken)).toBe(404))
    expect(next.$state.get().isAuthenticated).toBe(false)
  })
})
