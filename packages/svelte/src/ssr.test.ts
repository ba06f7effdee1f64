// @vitest-environment node
import { createMoonKey } from '@moon-key/core'
import { render } from 'svelte/server'
import { afterEach, describe, expect, it, vi } from 'vitest'

import Header from '../test/Header.svelte'
import Root from '../test/Root.svelte'
import { serverAuth } from '../../core/test/hydration-scenarios.ts'
import { HEADER_LOGIN_HTML, HEADER_SERVER_HTML, HEADER_WELCOME_HTML } from '../test/server-html.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('server rendering', () => {
  it('renders ready: false, touches no browser API, and destroys its client after rendering', () => {
    expect(typeof window).toBe('undefined')
    const open = vi.fn()
    const channel = vi.fn()
    const fetch = vi.fn()
    const warn = vi.spyOn(console, 'warn')
    vi.stubGlobal('indexedDB', { open })
    vi.stubGlobal('BroadcastChannel', channel)
    const options = { publishableKey: 'pk_test_svelte_ssr', fetch }
    const { body } = render(Root, { props: { options } })
    render(Root, { props: { options } }) // a second request: no "two clients" warning
    expect(body.replace(/<!--.*?-->/g, '')).toBe('<p>false|false||initial</p>')
    expect(open).not.toHaveBeenCalled()
    expect(channel).not.toHaveBeenCalled()
    expect(fetch).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })

  it('useMoonKeyEvent (in the Probe) subscribes nothing on the server', () => {
    const client = createMoonKey({ publishableKey: 'pk_test_svelte_ssr_events', storage: 'memory' })
    const on = vi.spyOn(client, 'on')
    render(Root, { props: { options: { client } } })
    expect(on).not.toHaveBeenCalled()
    client.destroy()
  })

  it('renders the Header that hydration.test.ts hydrates', () => {
    const { body } = render(Header, { props: { options: { publishableKey: 'pk_test_svelte_ssr' } } })
    expect(body).toBe(HEADER_SERVER_HTML)
  })

  it('renders the Header with an initialState: the user, or logged out for null (as hydration.test.ts hydrates it)', () => {
    const html = (initialState: ReturnType<typeof serverAuth> | null) =>
      render(Header, { props: { options: { publishableKey: 'pk_test_svelte_ssr', initialState } } }).body
    expect(html(serverAuth())).toBe(HEADER_WELCOME_HTML)
    expect(html(null)).toBe(HEADER_LOGIN_HTML)
  })
})
