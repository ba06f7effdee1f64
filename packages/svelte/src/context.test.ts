import { createMoonKey } from '@moon-key/core'
import { flushSync, mount, unmount } from 'svelte'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { flush } from '../../core/test/fake-api.ts'
import { storedSessionOptions, trackHeldResources, type Held } from '../../core/test/held-resources.ts'
import Orphan from '../test/Orphan.svelte'
import Root from '../test/Root.svelte'
import type { LoginWithEmail, MoonKey, MoonKeyOptions, SetMoonKeyOptions } from './index.ts'

const NOW = Date.UTC(2026, 0, 1)
let held: () => Held

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  held = trackHeldResources()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const options = (): MoonKeyOptions => storedSessionOptions('pk_test_svelte')

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
    expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })
    await unmount(app)
    expect(held()).toEqual({ channels: 0, visibility: 0, online: 0, connections: 0, timers: 0 })
  })

  it('a root destroyed and mounted again (hot reload) leaves one client', async () => {
    await unmount(render(options()).app)
    const { app } = render(options())
    await flush()
    expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })
    await unmount(app)
    expect(held()).toEqual({ channels: 0, visibility: 0, online: 0, connections: 0, timers: 0 })
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
