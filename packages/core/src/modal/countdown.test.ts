import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { countdown } from './countdown.ts'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('countdown', () => {
  it('ticks once a second from the start value and then calls done', async () => {
    const ticks: number[] = []
    const done = vi.fn()
    countdown(3, (left) => ticks.push(left), done)
    await vi.advanceTimersByTimeAsync(2999)
    expect(ticks).toEqual([3, 2, 1])
    expect(done).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(done).toHaveBeenCalledOnce()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('stops when asked', async () => {
    const done = vi.fn()
    const stop = countdown(2, () => {}, done)
    stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(done).not.toHaveBeenCalled()
  })

  it('follows the clock when timers fire late', async () => {
    const ticks: number[] = []
    countdown(10, (left) => ticks.push(left), () => {})
    vi.setSystemTime(Date.now() + 6000) // the tab slept
    await vi.advanceTimersByTimeAsync(1000)
    expect(ticks.at(-1)).toBe(3)
  })
})
