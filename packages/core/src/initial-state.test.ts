import { afterEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush, storedRecord } from '../test/fake-api.ts'
import { mapStorage, ready, setup, storedSession } from '../test/setup-client.ts'
import type { InitialState, MoonKeyClient, MoonKeyState, User } from './index.ts'
import { initialValue } from './initial-state.ts'
import { fromAnswer } from './session-store.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

/** Storage holding a live session of user_1, and that session as the server would pass it. */
const stored = () => {
  const api = fakeApi()
  const storage = mapStorage()
  const record = storedRecord(api.session())
  storage.map.set('session', record)
  // What the server's auth() returns: more fields than the client reads.
  const auth = { userId: 'user_1', sessionId: 'sess_1', user: record.user as User, session: { ...record.session, factors: [] } }
  return { api, storage, record, auth }
}

/** Every value `$state` takes after the client started, until it is ready and settled. */
const values = async (client: MoonKeyClient): Promise<MoonKeyState[]> => {
  const seen: MoonKeyState[] = []
  client.$state.listen((state) => seen.push(state))
  await client.whenReady()
  await flush()
  return seen
}

describe('initialValue', () => {
  it('is unknown without a value, or with one that has no user', () => {
    for (const initial of [undefined, {}, { user: null }, { userId: 'user_1', user: undefined }] as (InitialState | undefined)[]) {
      expect(initialValue(initial)).toEqual({
        ready: false,
        isAuthenticated: false,
        user: null,
        session: null,
        reason: null,
        persisted: true,
      })
    }
  })

  it('is logged out and ready for null (the server saw no session)', () => {
    expect(initialValue(null)).toMatchObject({ ready: true, isAuthenticated: false, user: null })
  })

  it('is the user, ready, with the session fields the client keeps', () => {
    const { auth } = stored()
    const state = initialValue(auth)
    expect(state).toMatchObject({ ready: true, isAuthenticated: true, reason: null, persisted: true })
    expect(state.user).toBe(auth.user)
    expect(state.session).toEqual({ id: 'sess_1', userId: 'user_1', startedAt: 1, expiresAt: auth.session.expiresAt })
    // Without a session: its id, if the server gave one.
    expect(initialValue({ user: auth.user, sessionId: 'sess_9' }).session).toMatchObject({ id: 'sess_9', userId: 'user_1' })
  })
})

describe('initialState', () => {
  it('logged in: ready at once; the stored session of the same user changes nothing', async () => {
    const { storage, auth } = stored()
    const { client } = setup({ storage, initialState: auth })
    const first = client.$state.get()
    expect(first).toMatchObject({ ready: true, isAuthenticated: true, user: auth.user })
    const login = vi.fn()
    const readyEvent = vi.fn()
    client.on('login', login)
    client.on('ready', readyEvent)

    const seen = await values(client)
    expect(seen).toEqual([])
    expect(client.$state.get()).toBe(first)
    // Hydration still ends with 'ready', and is no login.
    expect(readyEvent).toHaveBeenCalledTimes(1)
    expect(login).not.toHaveBeenCalled()
    await expect(client.getSessionTokens()).resolves.toMatchObject({ sessionToken: expect.any(String) })
  })

  it('logged in, but storage holds nothing (logged out in another tab meanwhile): one update to logged out', async () => {
    const { auth } = stored()
    const { client } = setup({ initialState: auth })
    const seen = await values(client)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ ready: true, isAuthenticated: false, user: null })
  })

  it('logged in as another user: one update to the stored user', async () => {
    const { storage, auth, record } = stored()
    const other = { ...auth, user: { ...auth.user, id: 'user_2', email: 'grace@example.com' } }
    const { client } = setup({ storage, initialState: other })
    expect(client.$state.get().user?.email).toBe('grace@example.com')
    const seen = await values(client)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ ready: true, isAuthenticated: true, user: { email: 'ada@example.com' } })
    expect(seen[0]!.session).toEqual(record.session)
  })

  it('null (the server saw no session): ready and logged out at once; a stored session wins in one update', async () => {
    const { storage } = stored()
    const { client } = setup({ storage, initialState: null })
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: false })
    const seen = await values(client)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ ready: true, isAuthenticated: true, user: { email: 'ada@example.com' } })
  })

  it('null and nothing stored: no update at all', async () => {
    const { client } = setup({ initialState: null })
    const first = client.$state.get()
    expect(await values(client)).toEqual([])
    expect(client.$state.get()).toBe(first)
  })

  it('{ user: null } counts as unknown: not ready until the stored session was read', async () => {
    const { storage } = stored()
    const { client } = setup({ storage, initialState: { user: null } })
    expect(client.$state.get().ready).toBe(false)
    await ready(client)
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: true })
  })

  it('a logout after hydration is one update, with its reason', async () => {
    const { storage, auth } = stored()
    const { client } = setup({ storage, initialState: auth })
    await values(client)
    const seen: MoonKeyState[] = []
    client.$state.listen((state) => seen.push(state))
    await client.logout()
    expect(seen).toEqual([expect.objectContaining({ isAuthenticated: false, reason: 'logout' })])
  })

  it('only the final state of the start counts: a stale stored session revoked on its refresh never shows', async () => {
    const { api, storage, token } = storedSession(10) // stale: refreshed before ready
    api.active.delete(token)
    const { client } = setup({ api, storage, initialState: null })
    const seen = await values(client)
    expect(api.count('/sessions/verify')).toBe(1)
    expect(seen).toEqual([expect.objectContaining({ ready: true, isAuthenticated: false, reason: 'revoked' })])
  })

  it("keeps the server's user object when storage holds the same user, as a login stored it", async () => {
    const api = fakeApi()
    const storage = mapStorage()
    const record = fromAnswer(api.session())!
    storage.map.set('session', record)
    // As @moon-key/server's auth() builds it.
    const { id, email, emails, wallet, wallets, status, metadata, createdAt, updatedAt } = record.user
    const user = { id, email, emails, wallet, wallets, status, metadata, createdAt, updatedAt }
    const session = { ...record.session, lastActiveAt: 1, factors: [] }
    const { client } = setup({ storage, initialState: { user, session } })
    const first = client.$state.get()
    expect(await values(client)).toEqual([])
    expect(client.$state.get().user).toBe(user)
    expect(client.$state.get()).toBe(first)
  })
})
