import { afterEach } from 'vitest'

import { createMoonKey } from '../src/index.ts'
import type { MoonKeyClient, MoonKeyOptions, StorageAdapter } from '../src/index.ts'
import { fakeApi, type FakeApi } from './fake-api.ts'

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
