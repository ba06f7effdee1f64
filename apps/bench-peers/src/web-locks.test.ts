import { describe, expect, it } from 'vitest'

import { webLocks } from './web-locks.ts'

describe('webLocks', () => {
  it('runs holders of one name one after another', async () => {
    const locks = webLocks()
    const order: string[] = []
    const hold = (id: string) =>
      locks.request('a', async () => {
        order.push(`${id} in`)
        await new Promise((resolve) => setTimeout(resolve, 5))
        order.push(`${id} out`)
      })
    await Promise.all([hold('1'), hold('2')])
    expect(order).toEqual(['1 in', '1 out', '2 in', '2 out'])
  })

  it('hands null to ifAvailable while held, a lock once free', async () => {
    const locks = webLocks()
    let inner: unknown = 'unset'
    await locks.request('a', async () => {
      inner = await locks.request('a', { ifAvailable: true }, (lock) => lock)
    })
    expect(inner).toBeNull()
    expect(await locks.request('a', { ifAvailable: true }, (lock) => lock)).toMatchObject({ name: 'a' })
  })

  it('rejects a wait whose signal aborts', async () => {
    const locks = webLocks()
    const giveUp = new AbortController()
    let release!: () => void
    const held = locks.request('a', () => new Promise<void>((resolve) => (release = resolve)))
    const waiting = locks.request('a', { signal: giveUp.signal }, () => 'ran')
    giveUp.abort(new Error('gave up'))
    await expect(waiting).rejects.toThrow('gave up')
    release()
    await held
    expect(await locks.request('a', () => 'next')).toBe('next')
  })
})
