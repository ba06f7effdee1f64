import { vi } from 'vitest'

import { fakeApi, storedRecord } from './fake-api.ts'
import { mapStorage } from './setup-client.ts'
import type { MoonKeyOptions } from '../src/index.ts'

export interface Held {
  /** Open tab channels. */
  channels: number
  /** `visibilitychange` listeners on `document`. */
  visibility: number
  /** `online` listeners on `window`. */
  online: number
  /** Open IndexedDB connections (0 where there is no IndexedDB, fake or real). */
  connections: number
  /** Pending fake timers (refresh timers among them); 0 with real timers. */
  timers: number
}

/**
 * Counts what MoonKey clients hold open right now, for the bindings'
 * lifecycle tests (StrictMode, remounts, plugin and component teardown) and
 * the core's `destroy()` tests. Call it in `beforeEach` with fake timers on;
 * `vi.unstubAllGlobals()` and `vi.restoreAllMocks()` in `afterEach` undo it.
 *
 * @example
 * let held: () => Held
 * beforeEach(() => { vi.useFakeTimers(); held = trackHeldResources() })
 * expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })
 */
export const trackHeldResources = (): (() => Held) => {
  const RealChannel = globalThis.BroadcastChannel
  const open = new Set<BroadcastChannel>()
  const listeners = { visibilitychange: 0, online: 0 }
  let connections = 0
  vi.stubGlobal(
    'BroadcastChannel',
    class extends RealChannel {
      constructor(name: string) {
        super(name)
        open.add(this)
      }
      override close() {
        open.delete(this)
        super.close()
      }
    },
  )
  for (const target of [document, window] as EventTarget[]) {
    const add = target.addEventListener.bind(target)
    const remove = target.removeEventListener.bind(target)
    vi.spyOn(target, 'addEventListener').mockImplementation((type, ...rest) => {
      if (type in listeners) listeners[type as keyof typeof listeners]++
      add(type, ...rest)
    })
    vi.spyOn(target, 'removeEventListener').mockImplementation((type, ...rest) => {
      if (type in listeners) listeners[type as keyof typeof listeners]--
      remove(type, ...rest)
    })
  }
  if (typeof IDBFactory !== 'undefined') {
    const openDb = IDBFactory.prototype.open
    vi.spyOn(IDBFactory.prototype, 'open').mockImplementation(function (this: IDBFactory, ...args) {
      const request = openDb.apply(this, args)
      request.addEventListener('success', () => {
        const db = request.result
        const close = db.close.bind(db)
        let closed = false
        connections++
        db.close = () => {
          if (!closed) connections--
          closed = true
          close()
        }
      })
      return request
    })
  }
  return () => ({
    channels: open.size,
    visibility: listeners.visibilitychange,
    online: listeners.online,
    connections,
    timers: vi.isFakeTimers() ? vi.getTimerCount() : 0,
  })
}

/** Options for a client against a fake API whose storage holds a live session (JWT 200 s left). */
export const storedSessionOptions = (publishableKey: string): MoonKeyOptions => {
  const api = fakeApi()
  const storage = mapStorage()
  storage.map.set('session', storedRecord(api.answer(api.session().session_token)))
  return { publishableKey, apiUrl: 'http://api.test', fetch: api.fetch, storage }
}
