import { describe, expect, it } from 'vitest'

import { createClock, stopwatch } from './clock.ts'

/** A wall clock and a monotonic clock the test moves by hand. */
const clocks = () => {
  const t = { wall: 1_000_000, mono: 0 }
  return { t, wall: () => t.wall, mono: () => t.mono }
}

describe('stopwatch', () => {
  it('counts the larger step of either clock and never goes back', () => {
    const { t, wall, mono } = clocks()
    const elapsed = stopwatch(wall, mono)
    t.wall += 1000
    t.mono += 1000
    expect(elapsed()).toBe(1000)
    t.wall -= 600_000 // the wall clock is set back 10 minutes
    t.mono += 500
    expect(elapsed()).toBe(1500)
    t.wall += 60_000 // a system sleep: the monotonic clock paused
    expect(elapsed()).toBe(61_500)
  })
})

describe('createClock', () => {
  it('dates an iat from when its request was sent, not when the answer came', async () => {
    const { t, wall, mono } = clocks()
    const clock = createClock(wall, mono)
    const http = clock.timed(async <T>() => {
      t.wall += 6000 // the answer takes 6 s
      t.mono += 6000
      return { session_jwt: 'x' } as T
    })
    const answer = await http('post', 'v1/auth/sessions/verify', {})
    clock.sync(2_000, answer) // minted at server time 2,000 s, after the request was sent
    expect(clock.now()).toBe(2_006_000)
  })

  it('a wall clock set back after a sync does not turn the server clock back', () => {
    const { t, wall, mono } = clocks()
    const clock = createClock(wall, mono)
    clock.sync(2_000)
    t.wall -= 600_000
    t.mono += 60_000
    expect(clock.now()).toBe(2_060_000)
  })

  it('keeps its offset to the wall clock for the next page', () => {
    const { t, wall, mono } = clocks()
    const clock = createClock(wall, mono)
    clock.sync(2_000)
    const next = createClock(wall, mono)
    next.restore(clock.offset())
    t.wall += 5000
    t.mono += 5000
    expect(next.now()).toBe(2_005_000)
  })
})
