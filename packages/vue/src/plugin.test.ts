import { createMoonKey } from '@moon-key/core'
import { createApp, defineComponent, h, nextTick } from 'vue'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush, storedRecord } from '../../core/test/fake-api.ts'
import { mapStorage } from '../../core/test/setup-client.ts'
import { MoonKeyPlugin, useLoginWithEmail, useMoonKey } from './index.ts'
import type { MoonKey, MoonKeyOptions, MoonKeyPluginOptions } from './index.ts'

const NOW = Date.UTC(2026, 0, 1)
const RealChannel = globalThis.BroadcastChannel
let open: Set<BroadcastChannel>
let visibility: number

beforeAll(() => {
  // Vue's first app in development sets a 3 s timer waiting for devtools: let
  // it be a real one, so fake-timer counts are the client's only.
  const warmUp = createApp(() => null)
  warmUp.mount(document.createElement('div'))
  warmUp.unmount()
})
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
  return { publishableKey: 'pk_test_vue', apiUrl: 'http://api.test', fetch: api.fetch, storage }
}

const mount = (plugin: MoonKeyPluginOptions | null, setup: () => unknown = () => useMoonKey()) => {
  const seen: unknown[] = []
  const Probe = defineComponent(() => {
    seen.push(setup())
    return () => h('p')
  })
  const app = createApp(Probe)
  if (plugin) app.use(MoonKeyPlugin, plugin)
  app.mount(document.createElement('div'))
  return { app, seen }
}

describe('MoonKeyPlugin', () => {
  it('creates one client (one channel, visibility listener, refresh timer) and destroys it with the app', async () => {
    const { app, seen } = mount(options())
    await flush()
    expect((seen[0] as MoonKey).user.value?.email).toBe('ada@example.com')
    expect(held()).toEqual({ channels: 1, visibility: 1, timers: 1 })
    app.unmount()
    expect(held()).toEqual({ channels: 0, visibility: 0, timers: 0 })
  })

  it('an app unmounted and mounted again (hot reload) leaves one client', async () => {
    mount(options()).app.unmount()
    const { app } = mount(options())
    await flush()
    expect(held()).toEqual({ channels: 1, visibility: 1, timers: 1 })
    app.unmount()
    expect(held()).toEqual({ channels: 0, visibility: 0, timers: 0 })
  })

  it('never destroys a client passed in', async () => {
    const client = createMoonKey(options())
    const destroy = vi.spyOn(client, 'destroy')
    mount({ client }).app.unmount()
    expect(destroy).not.toHaveBeenCalled()
    client.destroy()
  })

  it('useMoonKey() without the plugin throws, naming MoonKeyPlugin', () => {
    const errors: unknown[] = []
    const Probe = defineComponent(() => {
      useMoonKey()
      return () => h('p')
    })
    const app = createApp(Probe)
    app.config.errorHandler = (error) => void errors.push(error)
    app.mount(document.createElement('div'))
    expect(String(errors[0])).toMatch(/app\.use\(MoonKeyPlugin/)
    app.unmount()
  })

  it('gives read-only refs and the core functions themselves, the same in every component', async () => {
    const client = createMoonKey(options())
    const a = mount({ client }).seen[0] as MoonKey
    const b = mount({ client }).seen[0] as MoonKey
    expect(a.start).toBe(client.start)
    expect(b.logout).toBe(a.logout)
    expect(b.getSessionTokens).toBe(a.getSessionTokens)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    // @ts-expect-error read-only
    a.ready.value = true
    expect(a.ready.value).toBe(false)
    warn.mockRestore()
    await flush()
    expect(a.ready.value).toBe(true)
    await client.logout()
    await nextTick()
    expect(a.isAuthenticated.value).toBe(false)
    expect(a.user.value).toBeNull()
    client.destroy()
  })

  it('useLoginWithEmail calls onError and onComplete, and still rejects', async () => {
    const client = createMoonKey({ ...options(), storage: 'memory' })
    const onError = vi.fn()
    const onComplete = vi.fn()
    const login = mount({ client }, () => useLoginWithEmail({ onError, onComplete })).seen[0] as ReturnType<
      typeof useLoginWithEmail
    >
    await expect(login.sendCode({ email: 'nope' })).rejects.toMatchObject({ code: 'invalid_email' })
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_email' }))
    expect(login.state.value.status).toBe('error')
    await login.sendCode({ email: 'ada@example.com' })
    const user = await login.loginWithCode({ code: '123456' })
    expect(onComplete).toHaveBeenCalledWith(user)
    expect(login.state.value.status).toBe('done')
    client.destroy()
  })
})
