import { createMoonKey } from '@moon-key/core'
import { createApp, defineComponent, h, nextTick } from 'vue'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { flush } from '../../core/test/fake-api.ts'
import { storedSessionOptions, trackHeldResources, type Held } from '../../core/test/held-resources.ts'
import { MoonKeyPlugin, useLoginWithEmail, useMoonKey } from './index.ts'
import type { MoonKey, MoonKeyOptions, MoonKeyPluginOptions } from './index.ts'

const NOW = Date.UTC(2026, 0, 1)
let held: () => Held

beforeAll(() => {
  // Vue's first app in development sets a 3 s timer waiting for devtools: let
  // it be a real one, so fake-timer counts are the client's only.
  const warmUp = createApp(() => null)
  warmUp.mount(document.createElement('div'))
  warmUp.unmount()
})
beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  held = trackHeldResources()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const options = (): MoonKeyOptions => storedSessionOptions('pk_test_vue')

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
    expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })
    app.unmount()
    expect(held()).toEqual({ channels: 0, visibility: 0, online: 0, connections: 0, timers: 0 })
  })

  it('an app unmounted and mounted again (hot reload) leaves one client', async () => {
    mount(options()).app.unmount()
    const { app } = mount(options())
    await flush()
    expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })
    app.unmount()
    expect(held()).toEqual({ channels: 0, visibility: 0, online: 0, connections: 0, timers: 0 })
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
