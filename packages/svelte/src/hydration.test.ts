import { hydrate, unmount } from 'svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, storedRecord } from '../../core/test/fake-api.ts'
import { mapStorage } from '../../core/test/setup-client.ts'
import Header from '../test/Header.svelte'
import { hydrationScenarios } from '../../core/test/hydration-scenarios.ts'
import { HEADER_LOGIN_HTML, HEADER_SERVER_HTML, HEADER_WELCOME_HTML } from '../test/server-html.ts'

afterEach(() => {
  vi.restoreAllMocks()
})


describe('hydration', () => {
  it('the first client render matches the server; ready flips after', async () => {
    const target = document.body.appendChild(document.createElement('div'))
    target.innerHTML = HEADER_SERVER_HTML
    const header = target.querySelector('header')
    const warn = vi.spyOn(console, 'warn')
    const error = vi.spyOn(console, 'error')
    const api = fakeApi()
    const storage = mapStorage()
    storage.map.set('session', storedRecord(api.answer(api.session().session_token)))
    const app = hydrate(Header, {
      target,
      props: { options: { publishableKey: 'pk_test_svelte_hydrate', apiUrl: 'http://api.test', fetch: api.fetch, storage } },
    })
    expect(warn).not.toHaveBeenCalled() // Svelte reports hydration mismatches as warnings
    expect(error).not.toHaveBeenCalled()
    expect(target.querySelector('header')).toBe(header) // hydrated, not replaced
    await expect.poll(() => target.querySelector('header')?.textContent).toBe('Welcome, ada@example.com!')
    await unmount(app)
    target.remove()
  })
})

hydrationScenarios({
  name: 'svelte',
  // The components here are compiled for the browser: the server's HTML comes
  // from ssr.test.ts (svelte/server, the same options), which checks these constants.
  serverHtml: ({ initialState }) =>
    initialState?.user ? HEADER_WELCOME_HTML : initialState === null ? HEADER_LOGIN_HTML : HEADER_SERVER_HTML,
  hydrate(target, options) {
    const app = hydrate(Header, { target, props: { options } })
    return () => unmount(app)
  },
})
