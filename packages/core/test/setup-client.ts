import { afterEach, vi } from 'vitest'

import { createMoonKey } from '../src/index.ts'
import type { MoonKeyClient, MoonKeyOptions, StorageAdapter } from '../src/index.ts'
import { fakeApi, storedRecord, type FakeApi } from './fake-api.ts'

const clients: MoonKeyClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
})

export type MapStorage = StorageAdapter & { map: Map<string, unknown> }

/** A storage adapter over a Map the test can look into. */
export const mapStorage = (map = new Map<string, unknown>()): MapStorage => ({
  map,
  get: async (key) => structuredClone(map.get(key)),
  set: async (key, value) => void map.set(key, structuredClone(value)),
  del: async (key) => void map.delete(key),
})

/** Creates a client against a fake API; destroyed after the test. */
export const setup = (
  options: Omit<Partial<MoonKeyOptions>, 'storage'> & {
    api?: FakeApi
    storage?: MapStorage | MoonKeyOptions['storage']
  } = {},
): { api: FakeApi; client: MoonKeyClient; storage: MapStorage } => {
  const api = options.api ?? fakeApi()
  const storage = options.storage === undefined ? mapStorage() : options.storage
  const client = createMoonKey({
    publishableKey: 'pk_test_1',
    apiUrl: 'http://api.test',
    fetch: api.fetch,
    ...options,
    storage,
  })
  clients.push(client)
  return { api, client, storage: storage as MapStorage }
}

/** Resolves once `$state.ready` is true. */
export const ready = (client: MoonKeyClient): Promise<void> =>
  new Promise((resolve) => {
    if (client.$state.get().ready) return resolve()
    const stop = client.$state.listen((state) => {
      if (state.ready) {
        stop()
        resolve()
      }
    })
  })

/**
 * A fake API with one live session and storage holding it, its JWT minted so
 * that `left` seconds of it remain now (the fake system time).
 *
 * @example
 * const { api, storage, token } = storedSession(10) // stale: the client refreshes first
 */
export const storedSession = (left = 200, api = fakeApi()) => {
  const now = Date.now()
  const storage = mapStorage()
  const answer = api.session()
  vi.setSystemTime(now - (api.jwtLifetime - left) * 1000)
  storage.map.set('session', storedRecord(api.answer(answer.session_token)))
  vi.setSystemTime(now)
  return { api, storage, token: answer.session_token }
}

/**
 * Two tabs of one app (same API, storage and publishable key), both ready.
 * `before` sees each client before it starts.
 *
 * @example
 * const { api, a, b } = await twoTabs()
 */
export const twoTabs = async (before: (client: MoonKeyClient) => void = () => {}) => {
  vi.spyOn(console, 'warn').mockImplementation(() => {}) // same key twice on one page
  const api = fakeApi()
  const storage = mapStorage()
  const a = setup({ api, storage }).client
  const b = setup({ api, storage }).client
  before(a)
  before(b)
  await Promise.all([ready(a), ready(b)])
  return { api, storage, a, b }
}
