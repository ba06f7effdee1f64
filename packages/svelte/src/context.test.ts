import { createMoonKey } from '@moon-key/core'
import { flushSync, mount, unmount } from 'svelte'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush, storedRecord } from '../../core/test/fake-api.ts'
import { mapStorage } from '../../core/test/setup-client.ts'
import Orphan from '../test/Orphan.svelte'
import Root from '../test/Root.svelte'
import type { LoginWithEmail, MoonKey, MoonKeyOptions, SetMoonKeyOptions } from './index.ts'

const NOW = Date.UTC(2026, 0, 1)
const RealChannel = globalThis.BroadcastChannel
let open: Set<BroadcastChannel>
let visibility: number

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  open = new Set()
  visibility = 0
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
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const held = () => ({ channels: open.size, visibility, timers: vi.getTimerCount() })

/** Options for a client whose storage holds a live session (JWT 200 s left). */
const options = (): MoonKeyOptions => {
  const api = fakeApi()
  const storage = mapStorage()
  storage.map.set('session', storedRecord(api.answer(api.session().session_token)))
  return { publishableKey: 'pk_test_svelte', apiUrl: 'http://api.test', fetch: api.fetch, storage }
}

const render = (opts: SetMoonKeyOptions) => {
  let seen!: { moonkey: MoonKey; login: LoginWithEmail }
  const target = document.createElement('div')
  const app = mount(Root, { target, props: { options: opts, expose: (s) => (seen = s) } })
  flushSync()
  return { app, target, seen: () => seen }
}

describe('setMoonKey', () => {
  it('creates one client (one channel, visibility listener, refresh timer) and destroys it with the component', async () => {
    const { app, target } = render(options())
    await flush()
    flushSync()
    expect(target.textContent).toBe('true|true|ada@example.com|initial')
    expect(held()).toEqual({ channels: 1, visibility: 1, timers: 1 })
    await unmount(app)
    expect(held()).toEqual({ channels: 0, visibility: 0, timers: 0 })
  })

  it('a root destroyed and mounted again (hot reload) leaves one client', async () => {
    await unmount(render(options()).app)
    const { app } = render(options())
    await flush()
    expect(held()).toEqual({ channels: 1, visibility: 1, timers: 1 })
    await unmount(app)
    expect(held()).toEqual({ channels: 0, visibility: 0, timers: 0 })
  })

  it('never destroys a client passed in', async () => {
    const client = createMoonKey(options())
    const destroy = vi.spyOn(client, 'destroy')
    await unmount(render({ client }).app)
    expect(destroy).not.toHaveBeenCalled()
    client.destroy()
  })

  it('useMoonKey() without setMoonKey throws, naming setMoonKey', () => {
    expect(() => mount(Orphan, { target: document.createElement('div') })).toThrow(/setMoonKey\(/)
  })

  it('reads reactively under the documented names and hands the core functions through', async () => {
    const client = createMoonKey(options())
    const { app, seen } = render({ client })
    const { moonkey, login } = seen()
    expect(moonkey.ready).toBe(false)
    await flush()
    expect(moonkey.ready).toBe(true)
    expect(moonkey.isAuthenticated && moonkey.user.email).toBe('ada@example.com')
    expect(moonkey.start).toBe(client.start)
    expect(moonkey.logout).toBe(client.logout)
    expect(moonkey.getSessionTokens).toBe(client.getSessionTokens)
    await moonkey.logout()
    expect(moonkey.isAuthenticated).toBe(false)
    expect(moonkey.user).toBeNull()
    expect(login.state.status).toBe('initial')
    await unmount(app)
    client.destroy()
  })

  it('useLoginWithEmail calls onError and onComplete, and still rejects', async () => {
    const client = createMoonKey({ ...options(), storage: 'memory' })
    const onError = vi.fn()
    const onComplete = vi.fn()
    let login!: LoginWithEmail
    const app = mount(Root, {
      target: document.createElement('div'),
      props: { options: { client }, onComplete, onError, expose: (s) => (login = s.login) },
    })
    await expect(login.sendCode({ email: 'nope' })).rejects.toMatchObject({ code: 'invalid_email' })
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_email' }))
    expect(login.state.status).toBe('error')
    await login.sendCode({ email: 'ada@example.com' })
    const user = await login.loginWithCode({ code: '123456' })
    expect(onComplete).toHaveBeenCalledWith(user)
    expect(login.state.status).toBe('done')
    await unmount(app)
    client.destroy()
  })
})
