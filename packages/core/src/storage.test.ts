import 'fake-indexeddb/auto'

import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi } from '../test/fake-api.ts'
import { ready, setup } from '../test/setup-client.ts'
import { indexedDbStorage, memoryStorage, safeStorage, type StorageAdapter } from './storage.ts'

const NOW = Date.UTC(2026, 0, 1)

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
  globalThis.indexedDB = new IDBFactory()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const closing = (): DOMException =>
  new DOMException('The database connection is closing.', 'InvalidStateError')

describe('indexedDbStorage', () => {
  it('keeps values in a database of its own', async () => {
    const storage = indexedDbStorage('moonkey-pk_test_1')
    await storage.set('session', { a: 1 })
    expect(await storage.get('session')).toEqual({ a: 1 })
    expect(await indexedDbStorage('moonkey-pk_test_2').get('session')).toBeUndefined()
    await storage.del('session')
    expect(await storage.get('session')).toBeUndefined()
  })

  it('opens a new connection after "connection is closing"', async () => {
    const storage = indexedDbStorage('moonkey-pk_test_1')
    await storage.set('session', 1)
    const open = vi.spyOn(indexedDB, 'open')
    const transaction = vi
      .spyOn(IDBDatabase.prototype, 'transaction')
      .mockImplementationOnce(() => {
        throw closing()
      })
    await expect(storage.get('session')).rejects.toThrow('closing')
    expect(open).not.toHaveBeenCalled()
    expect(await storage.get('session')).toBe(1)
    expect(open).toHaveBeenCalledTimes(1)
    transaction.mockRestore()
  })
})

describe('safeStorage', () => {
  const failing = (when: 'open' | 'write'): StorageAdapter & { broken: boolean } => {
    const inner = memoryStorage()
    const adapter = {
      broken: true,
      get: async (key: string) => {
        if (adapter.broken && when === 'open') throw new DOMException('blocked', 'UnknownError')
        return inner.get(key)
      },
      set: async (key: string, value: unknown) => {
        if (adapter.broken) throw new DOMException('quota', 'QuotaExceededError')
        return inner.set(key, value)
      },
      del: async (key: string) => {
        if (adapter.broken) throw new DOMException('quota', 'QuotaExceededError')
        return inner.del(key)
      },
    }
    return adapter
  }

  it.each(['open', 'write'] as const)(
    'keeps working in memory when the storage fails on %s, warns once, catches up later',
    async (when) => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      const primary = failing(when)
      const storage = safeStorage(primary)
      expect(await storage.get('session')).toBeUndefined()
      await storage.set('session', 'a')
      await storage.set('revoke', ['t'])
      expect(await storage.get('session')).toBe('a')
      expect(storage.degraded).toBe(true)
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0])).not.toContain('a,')

      primary.broken = false
      await storage.del('revoke')
      expect(await primary.get('session')).toBeUndefined() // waits 30 s before trying again
      vi.setSystemTime(NOW + 31_000)
      expect(await storage.get('session')).toBe('a')
      expect(storage.degraded).toBe(false)
      expect(await primary.get('session')).toBe('a')
      expect(await primary.get('revoke')).toBeUndefined()
      expect(warn).toHaveBeenCalledTimes(1)
    },
  )
})

describe('client storage faults', () => {
  it('logs in and out in memory when IndexedDB throws on open', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    const { client } = setup({ storage: 'indexeddb' })
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    await client.loginWithCode({ code: '123456' })
    expect(client.$state.get().isAuthenticated).toBe(true)
    await expect(client.getSessionTokens()).resolves.not.toBeNull()
    await client.logout()
    expect(client.$state.get().isAuthenticated).toBe(false)
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('keeps the session when IndexedDB throws on write, and writes it once IndexedDB works', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError')
    })
    const api = fakeApi()
    const { client } = setup({ api, storage: 'indexeddb' })
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    const user = await client.loginWithCode({ code: '123456' })
    expect(client.$state.get().user).toEqual(user)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(await indexedDbStorage('moonkey-pk_test_1').get('session')).toBeUndefined()

    put.mockRestore()
    vi.setSystemTime(NOW + 250_000)
    await client.getSessionTokens() // refreshes (JWT now stale) and writes through
    expect(await indexedDbStorage('moonkey-pk_test_1').get('session')).toMatchObject({
      user: { id: 'user_1' },
    })
  })

  it('supports a custom adapter and "memory"', async () => {
    const { client } = setup({ storage: 'memory' })
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    await client.loginWithCode({ code: '123456' })
    expect(client.$state.get().isAuthenticated).toBe(true)
  })
})
