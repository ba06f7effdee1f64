import { afterEach, describe, expect, it, vi } from 'vitest'

import type { InitialState, MoonKeyOptions, User } from '../src/index.ts'
import { flush, fakeApi, storedRecord } from './fake-api.ts'
import { mapStorage } from './setup-client.ts'

/**
 * One binding's `Header` (`Loading...` until ready, then `Welcome, {email}!` or
 * `Login`), under the binding's provider / plugin / `setMoonKey` with `options`.
 */
export interface HydrationAdapter {
  name: string
  /** The server's HTML for the Header under a client created from `options`. */
  serverHtml(options: MoonKeyOptions): string | Promise<string>
  /**
   * Hydrates `container` (holding that HTML) with the binding's own client
   * created from `options`; returns the unmount. A hydration mismatch must
   * reach `console.error` or `console.warn` (React: from `onRecoverableError`).
   */
  hydrate(container: HTMLElement, options: MoonKeyOptions): () => void | Promise<void>
}

export const WELCOME = '<header>Welcome, ada@example.com!</header>'
export const LOGIN = '<header>Login</header>'

/** The session a server would pass as `initialState` (its `auth()`): a user in the server's field order. */
export const serverAuth = (): InitialState & { userId: string; sessionId: string } => {
  const { user, session } = storedRecord(fakeApi().session())
  const serverUser: User = {
    id: user.id,
    email: user.email,
    emails: user.emails,
    wallet: null,
    wallets: [],
    status: user.status,
    metadata: user.metadata,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  }
  return { userId: user.id, sessionId: session.id, user: serverUser, session: { ...session, expiresAt: 2_000_000_000 } }
}

/**
 * The server-rendered-page scenarios every binding must pass with `initialState`:
 * the server shows the user; hydration matches it exactly (no warning, the DOM
 * untouched while the browser agrees); a disagreeing browser wins with exactly
 * one change of the page after `ready`.
 *
 * @example
 * hydrationScenarios({ name: 'vue', serverHtml: (options) => …, hydrate: (container, options) => … })
 */
export const hydrationScenarios = (adapter: HydrationAdapter): void => {
  describe(`${adapter.name} hydration with initialState`, () => {
    const cleanups: (() => void | Promise<void>)[] = []
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup()
      vi.restoreAllMocks()
    })

    /** Storage of this browser: holding the server's session (`agree`), or none. */
    const browser = (holds: 'session' | 'nothing') => {
      const api = fakeApi()
      const storage = mapStorage()
      if (holds === 'session') storage.map.set('session', storedRecord(api.session()))
      return { publishableKey: `pk_test_hydrate_${adapter.name}`, apiUrl: 'http://api.test', fetch: api.fetch, storage }
    }

    /**
     * Puts `html` on the page, hydrates it with `options`, waits until the client
     * is ready and settled; returns every HTML the container showed after
     * hydration began, and the console errors and warnings.
     */
    const hydrateAndSettle = async (html: string, options: MoonKeyOptions) => {
      const container = document.body.appendChild(document.createElement('div'))
      container.innerHTML = html
      const header = container.firstElementChild
      const error = vi.spyOn(console, 'error')
      const warn = vi.spyOn(console, 'warn')
      const shown: string[] = []
      const observer = new MutationObserver(() => {
        if (shown.at(-1) !== container.innerHTML) shown.push(container.innerHTML)
      })
      observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true })
      const unmount = adapter.hydrate(container, options)
      cleanups.push(async () => {
        observer.disconnect()
        await unmount()
        container.remove()
      })
      // Long enough for storage, `ready` and the renders it causes.
      await new Promise((resolve) => setTimeout(resolve, 100))
      await flush()
      return { container, header, shown, error, warn }
    }

    it('the server render shows the user', async () => {
      const html = await adapter.serverHtml({ publishableKey: 'pk_test_server', storage: 'memory', initialState: serverAuth() })
      expect(html.replace(/<!--.*?-->/g, '')).toBe(WELCOME)
    })

    it('hydrating with the same initialState: no warning, and the page never changes while the browser agrees', async () => {
      const initialState = serverAuth()
      const html = await adapter.serverHtml({ publishableKey: 'pk_test_server', storage: 'memory', initialState })
      const { container, header, shown, error, warn } = await hydrateAndSettle(html, { ...browser('session'), initialState })
      expect(error).not.toHaveBeenCalled()
      expect(warn).not.toHaveBeenCalled()
      expect(container.firstElementChild).toBe(header) // hydrated, not replaced
      expect(shown).toEqual([]) // no flash: not a single change
      expect(container.innerHTML.replace(/<!--.*?-->/g, '')).toBe(WELCOME)
    })

    it('logged out in another tab meanwhile (storage holds nothing): one change, to logged out, after ready', async () => {
      const initialState = serverAuth()
      const html = await adapter.serverHtml({ publishableKey: 'pk_test_server', storage: 'memory', initialState })
      const { container, shown, error, warn } = await hydrateAndSettle(html, { ...browser('nothing'), initialState })
      expect(error).not.toHaveBeenCalled()
      expect(warn).not.toHaveBeenCalled()
      expect(shown.map((h) => h.replace(/<!--.*?-->/g, ''))).toEqual([LOGIN])
      expect(container.innerHTML.replace(/<!--.*?-->/g, '')).toBe(LOGIN)
    })

    it('initialState null (no session on the server) and a stored session: one change, to logged in', async () => {
      const html = await adapter.serverHtml({ publishableKey: 'pk_test_server', storage: 'memory', initialState: null })
      expect(html.replace(/<!--.*?-->/g, '')).toBe(LOGIN)
      const { shown, error, warn } = await hydrateAndSettle(html, { ...browser('session'), initialState: null })
      expect(error).not.toHaveBeenCalled()
      expect(warn).not.toHaveBeenCalled()
      expect(shown.map((h) => h.replace(/<!--.*?-->/g, ''))).toEqual([WELCOME])
    })
  })
}
