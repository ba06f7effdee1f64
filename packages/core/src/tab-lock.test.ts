import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeLocks } from '../test/fake-locks.ts'
import { LOCK_WAIT, withTabLock } from './tab-lock.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('withTabLock', () => {
  it('runs the task at once where Web Locks is missing', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: undefined })
    await expect(withTabLock('x', async (waited) => waited)).resolves.toBe(false)
  })

  it('lets one tab run first; the others wait, then run knowing another went first', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() })
    const gate = deferred()
    const order: string[] = []
    const first = withTabLock('x', async (waited) => {
      order.push(`first ${waited}`)
      await gate.promise
    })
    const second = withTabLock('x', async (waited) => void order.push(`second ${waited}`))
    await vi.advanceTimersByTimeAsync(0)
    expect(order).toEqual(['first false'])
    gate.resolve()
    await Promise.all([first, second])
    expect(order).toEqual(['first false', 'second true'])
  })

  it('never waits longer than LOCK_WAIT for a stuck tab', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() })
    void withTabLock('x', () => new Promise(() => {})) // holds the lock forever
    let ran: boolean | undefined
    const second = withTabLock('x', async (waited) => void (ran = waited))
    await vi.advanceTimersByTimeAsync(LOCK_WAIT - 1)
    expect(ran).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    await second
    expect(ran).toBe(true)
  })

  it('passes the task’s own failure on', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() })
    await expect(withTabLock('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
  })
})
