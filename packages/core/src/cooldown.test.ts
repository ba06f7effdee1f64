import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { createCooldown } from './cooldown.ts'
import { MoonKeyError } from './errors.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const failing = (error: MoonKeyError) => vi.fn(() => Promise.reject(error))

describe('createCooldown', () => {
  it('after a Retry-After, rejects at once with the seconds left and sends nothing', async () => {
    const cooldown = createCooldown(() => Date.now(), () => 0.5)
    const request = failing(new MoonKeyError('rate_limited', 'slow down', { status: 429, retryAfter: 60 }))
    await expect(cooldown.run(request)).rejects.toMatchObject({ code: 'rate_limited' })
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(cooldown.run(request)).rejects.toMatchObject({ code: 'rate_limited', retryAfter: 60 })
    expect(cooldown.left()).toBe(50_000)
    expect(request).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(50_000)
    await expect(cooldown.run(async () => 'ok')).resolves.toBe('ok')
  })

  it('backs off exponentially after repeated failures, up to a minute, and a success ends it', async () => {
    const cooldown = createCooldown(() => Date.now(), () => 0.5)
    const request = failing(new MoonKeyError('server_error', 'down', { status: 503 }))
    const waits: number[] = []
    for (let i = 0; i < 12; i++) {
      await cooldown.run(request).catch(() => {})
      waits.push(cooldown.left())
      await vi.advanceTimersByTimeAsync(cooldown.left())
    }
    expect(waits.slice(0, 4)).toEqual([250, 500, 1000, 2000])
    expect(Math.max(...waits)).toBe(60_000)
    await expect(cooldown.run(async () => 'ok')).resolves.toBe('ok')
    expect(cooldown.left()).toBe(0)
  })

  it('does not cool down on failures that are not transient', async () => {
    const cooldown = createCooldown(() => Date.now())
    await cooldown.run(failing(new MoonKeyError('invalid_request', 'bad', { status: 400 }))).catch(() => {})
    expect(cooldown.left()).toBe(0)
  })

  it('coming back online forgets network backoff but not a Retry-After', async () => {
    const cooldown = createCooldown(() => Date.now(), () => 0.5)
    await cooldown.run(failing(new MoonKeyError('network_error', 'offline'))).catch(() => {})
    cooldown.online()
    expect(cooldown.left()).toBe(0)
    await cooldown.run(failing(new MoonKeyError('rate_limited', 'slow', { retryAfter: 30 }))).catch(() => {})
    cooldown.online()
    expect(cooldown.left()).toBe(30_000)
  })

  it('stop() ends every wait and clears its timers', async () => {
    const cooldown = createCooldown(() => Date.now())
    await cooldown.run(failing(new MoonKeyError('rate_limited', 'slow', { retryAfter: 60 }))).catch(() => {})
    const waiting = cooldown.wait()
    expect(vi.getTimerCount()).toBe(1)
    cooldown.stop()
    await waiting
    expect(vi.getTimerCount()).toBe(0)
  })
})
