import { vi } from 'vitest'

import { fakeApi, storedRecord } from './fake-api.ts'
import { mapStorage } from './setup-client.ts'
import type { MoonKeyOptions } from '../src/index.ts'

export interface Held {
  /** Open tab channels. */
  channels: number
  /** `visibilitychange` listeners on `document`. */
  visibility: number
  /** Pending fake timers (refresh timers among them); 0 with real timers. */
  timers: number
}

/**
 * Counts what MoonKey clients hold open right now, for the bindings'
 * lifecycle tests (StrictMode, remounts, plugin and component teardown).
 * Call it in `beforeEach` with fake timers on; `vi.unstubAllGlobals()` and
 * `vi.restoreAllMocks()` in `afterEach` undo it.
 *
 * @example
 * let held: () => Held
 * beforeEach(() => { vi.useFakeTimers(); held = trackHeldResources() })
 * expect(held()).toEqual({ channels: 1, visibility: 1, timers: 1 })
 */
export const trackHeldResources = (): (() => Held) => {
  const RealChannel = globalThis.BroadcastChannel
  const open = new Set<BroadcastChannel>()
  let visibility = 0
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
  const add = document.addEventListener.bind(document)
  const remove = document.removeEventListener.bind(document)
  vi.spyOn(document, 'addEventListener').mockImplementation((type, ...rest) => {
    if (type === 'visibilitychange') visibility++
    add(type, ...rest)
  })
  vi.spyOn(document, 'removeEventListener').mockImplementation((type, ...rest) => {
    if (type === 'visibilitychange') visibility--
    remove(type, ...rest)
  })
  return () => ({ channels: open.size, visibility, timers: vi.isFakeTimers() ? vi.getTimerCount() : 0 })
}

/** Options for a client against a fake API whose storage holds a live session (JWT 200 s left). */
export const storedSessionOptions = (publishableKey: string): MoonKeyOptions => {
  const api = fakeApi()
  const storage = mapStorage()
  storage.map.set('session', storedRecord(api.answer(api.session().session_token)))
  return { publishableKey, apiUrl: 'http://api.test', fetch: api.fetch, storage }
}
