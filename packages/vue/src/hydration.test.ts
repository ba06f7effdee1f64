import { renderToString } from '@vue/server-renderer'
import { createSSRApp, defineComponent, h } from 'vue'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, storedRecord } from '../../core/test/fake-api.ts'
import { hydrationScenarios } from '../../core/test/hydration-scenarios.ts'
import { mapStorage } from '../../core/test/setup-client.ts'
import { createMoonKey } from '@moon-key/core'
import { MoonKeyPlugin, useMoonKey } from './index.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

const Header = defineComponent(() => {
  const { ready, isAuthenticated, user } = useMoonKey()
  return () =>
    h('header', !ready.value ? 'Loading...' : isAuthenticated.value ? `Welcome, ${user.value!.email}!` : 'Login')
})

describe('hydration', () => {
  it('the first client render matches the server; ready flips after', async () => {
    const server = createMoonKey({ publishableKey: 'pk_test_vue_server', storage: 'memory' })
    const html = await renderToString(createSSRApp(Header).use(MoonKeyPlugin, { client: server }))
    server.destroy()
    expect(html).toBe('<header>Loading...</header>')

    const container = document.body.appendChild(document.createElement('div'))
    container.innerHTML = html
    const warn = vi.spyOn(console, 'warn')
    const error = vi.spyOn(console, 'error')
    const api = fakeApi()
    const storage = mapStorage()
    storage.map.set('session', storedRecord(api.answer(api.session().session_token)))
    // As an app does: install the plugin, then hydrate.
    const app = createSSRApp(Header).use(MoonKeyPlugin, {
      publishableKey: 'pk_test_vue_hydrate',
      apiUrl: 'http://api.test',
      fetch: api.fetch,
      storage,
    })
    const header = container.firstChild
    app.mount(container)
    expect(warn).not.toHaveBeenCalled() // Vue reports hydration mismatches as warnings
    expect(error).not.toHaveBeenCalled()
    expect(container.firstChild).toBe(header) // hydrated, not replaced
    await expect.poll(() => container.innerHTML).toBe('<header>Welcome, ada@example.com!</header>')
    app.unmount()
    container.remove()
  })
})

hydrationScenarios({
  name: 'vue',
  async serverHtml(options) {
    const server = createMoonKey(options)
    try {
      return await renderToString(createSSRApp(Header).use(MoonKeyPlugin, { client: server }))
    } finally {
      server.destroy()
    }
  },
  hydrate(container, options) {
    const app = createSSRApp(Header).use(MoonKeyPlugin, options)
    app.mount(container)
    return () => app.unmount()
  },
})
