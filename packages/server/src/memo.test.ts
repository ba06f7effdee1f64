import { describe, expect, it } from 'vitest'
import { createMemo } from './memo.ts'

describe('createMemo', () => {
  const setup = (maxEntries = 3) => {
    let clock = 0
    const loads: string[] = []
    const memo = createMemo<string>({ ttlMs: 1_000, maxEntries, now: () => clock })
    const load = (key: string) => () => {
      loads.push(key)
      return new Promise<string>((resolve) => setTimeout(() => resolve(`${key}@${clock}`), 5))
    }
    return { memo, loads, load, tick: (ms: number) => (clock += ms) }
  }

  it('concurrent callers share one load; later callers get the cached value until the TTL', async () => {
    const { memo, loads, load, tick } = setup()
    const values = await Promise.all([1, 2, 3].map(() => memo.get('a', load('a'))))
    expect(new Set(values).size).toBe(1)
    tick(999)
    expect(await memo.get('a', load('a'))).toBe(values[0])
    expect(loads).toEqual(['a'])
    tick(1)
    await memo.get('a', load('a'))
    expect(loads).toEqual(['a', 'a'])
  })

  it('a failure is shared by the concurrent callers but not cached', async () => {
    const { memo } = setup()
    let calls = 0
    const failing = () => {
      calls++
      return Promise.reject(new Error('down'))
    }
    const results = await Promise.allSettled([memo.get('a', failing), memo.get('a', failing)])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(calls).toBe(1)
    expect(await memo.get('a', async () => 'up')).toBe('up')
  })

  it('keeps at most maxEntries, dropping the oldest; set() stores a value', async () => {
    const { memo, loads, load } = setup(2)
    memo.set('a', 'given')
    expect(await memo.get('a', load('a'))).toBe('given')
    await memo.get('b', load('b'))
    await memo.get('c', load('c'))
    await memo.get('b', load('b'))
    await memo.get('a', load('a'))
    expect(loads).toEqual(['b', 'c', 'a'])
  })
})
