import { act } from '@testing-library/react'
import { createMoonKey } from '@moon-key/core'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, storedRecord } from '../../core/test/fake-api.ts'
import { hydrationScenarios } from '../../core/test/hydration-scenarios.ts'
import { mapStorage, ready } from '../../core/test/setup-client.ts'
import { MoonKeyProvider, useMoonKey } from './index.ts'
import type { MoonKeyClient } from './index.ts'

const clients: MoonKeyClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy()
  vi.restoreAllMocks()
})

function Header() {
  const { ready, isAuthenticated, user } = useMoonKey()
  if (!ready) return <header>Loading...</header>
  return <header>{isAuthenticated ? `Welcome, ${user.email}!` : 'Login'}</header>
}

const loggedIn = (): MoonKeyClient => {
  const api = fakeApi()
  const storage = mapStorage()
  storage.map.set('session', storedRecord(api.answer(api.session().session_token)))
  const client = createMoonKey({ publishableKey: 'pk_test_hydrate', apiUrl: 'http://api.test', fetch: api.fetch, storage })
  clients.push(client)
  return client
}

describe('hydration', () => {
  it('first client render matches the server even when the session is already loaded; ready flips after', async () => {
    // What the server sent: a client there is never ready.
    const fresh = createMoonKey({ publishableKey: 'pk_test_server', storage: 'memory' })
    clients.push(fresh)
    const server = renderToString(
      <MoonKeyProvider client={fresh}>
        <Header />
      </MoonKeyProvider>,
    )
    expect(server).toBe('<header>Loading...</header>')

    const client = loggedIn()
    await ready(client) // the worst case: storage answered before React hydrates
    const container = document.createElement('div')
    container.innerHTML = server
    document.body.append(container)
    const recoverable = vi.fn()
    const error = vi.spyOn(console, 'error')
    const seenFirst: string[] = []
    const observer = new MutationObserver(() => seenFirst.push(container.innerHTML))
    observer.observe(container, { subtree: true, childList: true, characterData: true })

    const root = await act(async () =>
      hydrateRoot(
        container,
        <MoonKeyProvider client={client}>
          <Header />
        </MoonKeyProvider>,
        { onRecoverableError: recoverable },
      ),
    )
    expect(recoverable).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
    expect(container.innerHTML).toBe('<header>Welcome, ada@example.com!</header>')
    // Hydration kept the server's DOM; the logged-in text came as an update.
    expect(seenFirst[0]).toBe('<header>Welcome, ada@example.com!</header>')
    observer.disconnect()
    root.unmount()
    container.remove()
  })
})

hydrationScenarios({
  name: 'react',
  serverHtml: (options) =>
    renderToString(
      <MoonKeyProvider {...options}>
        <Header />
      </MoonKeyProvider>,
    ),
  hydrate(container, options) {
    let root: ReturnType<typeof hydrateRoot>
    act(() => {
      root = hydrateRoot(
        container,
        <MoonKeyProvider {...options}>
          <Header />
        </MoonKeyProvider>,
        { onRecoverableError: (error) => console.error(error) },
      )
    })
    return () => act(() => root.unmount())
  },
})
