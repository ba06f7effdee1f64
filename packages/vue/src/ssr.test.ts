// @vitest-environment node
import { renderToString } from '@vue/server-renderer'
import { createSSRApp, defineComponent, h } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { createMoonKey } from '@moon-key/core'

import { MoonKeyPlugin, useLoginWithEmail, useMoonKey, useMoonKeyEvent } from './index.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

const Status = defineComponent(() => {
  const { ready, isAuthenticated } = useMoonKey()
  const { state } = useLoginWithEmail()
  return () => h('p', `ready:${ready.value} auth:${isAuthenticated.value} login:${state.value.status}`)
})

describe('server rendering', () => {
  it('renders ready: false and touches no browser API', async () => {
    expect(typeof window).toBe('undefined')
    const open = vi.fn()
    const channel = vi.fn()
    const fetch = vi.fn()
    vi.stubGlobal('indexedDB', { open })
    vi.stubGlobal('BroadcastChannel', channel)
    const app = createSSRApp(Status).use(MoonKeyPlugin, { publishableKey: 'pk_test_vue_ssr', fetch })
    expect(await renderToString(app)).toBe('<p>ready:false auth:false login:initial</p>')
    expect(open).not.toHaveBeenCalled()
    expect(channel).not.toHaveBeenCalled()
    expect(fetch).not.toHaveBeenCalled()
    app.unmount()
  })

  it('useMoonKeyEvent subscribes nothing on the server', async () => {
    const client = createMoonKey({ publishableKey: 'pk_test_vue_ssr_events', storage: 'memory' })
    const on = vi.spyOn(client, 'on')
    const Listener = defineComponent(() => {
      useMoonKeyEvent('logout', () => {})
      return () => h('p', 'listening')
    })
    const app = createSSRApp(Listener).use(MoonKeyPlugin, { client })
    expect(await renderToString(app)).toBe('<p>listening</p>')
    expect(on).not.toHaveBeenCalled()
    client.destroy()
  })
})
