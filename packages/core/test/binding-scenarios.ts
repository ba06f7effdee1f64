import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { createMoonKey } from '../src/index.ts'
import type { LoginState, MoonKeyClient, MoonKeyEvent, OAuthLoginInput, SessionTokens, User } from '../src/index.ts'
import { channelName } from '../src/oauth/context.ts'
import { mapStorage, ready, type MapStorage } from './setup-client.ts'

/** What a binding's test component saw on its last render. */
export interface Seen {
  ready: boolean
  isAuthenticated: boolean
  user: User | null
  state: LoginState
  getSessionTokens(): Promise<SessionTokens | null>
  logout(): Promise<void>
  sendCode(input: { email: string }): Promise<void>
  loginWithCode(input: { code: string }): Promise<User>
  initOAuth(input: OAuthLoginInput): Promise<User>
}

export interface Rendered {
  /** The latest values from `useMoonKey()`, `useLoginWithEmail()` and `useLoginWithOAuth()`. */
  seen(): Seen
  /** The component's text: `ready|isAuthenticated|email|status`. */
  text(): string
  unmount(): void | Promise<void>
}

/**
 * One binding: renders a component that calls `useMoonKey()`,
 * `useLoginWithEmail({ onComplete })`, `useLoginWithOAuth({ onComplete })` and
 * `useMoonKeyEvent(name, onEvent)` for each of `'ready'`, `'login'`, `'refresh'` and
 * `'logout'` under the binding's provider with `client`, keeps what they return, and
 * shows `ready|isAuthenticated|user email|status`.
 */
export interface BindingAdapter {
  name: string
  render(client: MoonKeyClient, onComplete: (user: User) => void, onEvent: (event: MoonKeyEvent) => void): Rendered
}

/** The event names a binding's test component subscribes to with `useMoonKeyEvent`. */
export const EVENT_NAMES = ['ready', 'login', 'refresh', 'logout'] as const

/**
 * The scenario every binding must pass against the real emulator: hydrate from
 * storage → `getSessionTokens()` → logout clears state and storage → login by code.
 *
 * @example
 * bindingScenarios({ name: 'react', render: (client, onComplete) => … })
 */
export const bindingScenarios = (adapter: BindingAdapter): void => {
  describe(`${adapter.name} binding scenario`, () => {
    let emulator: RunningEmulator
    const clients: MoonKeyClient[] = []
    const mounted: Rendered[] = []

    beforeAll(async () => {
      emulator = await startEmulator({ memory: true, log: () => {} })
    })
    afterAll(() => emulator.close())
    afterEach(async () => {
      for (const view of mounted.splice(0)) await view.unmount()
      for (const client of clients.splice(0)) client.destroy()
      vi.unstubAllGlobals()
    })

    const client = (storage: MapStorage): MoonKeyClient => {
      const created = createMoonKey({
        publishableKey: emulator.publishableKey,
        apiUrl: emulator.url,
        storage,
      })
      clients.push(created)
      return created
    }
    const render = async (
      c: MoonKeyClient,
      onComplete = vi.fn(),
      onEvent: (event: MoonKeyEvent) => void = () => {},
    ): Promise<Rendered> => {
      const view = adapter.render(c, onComplete, onEvent)
      mounted.push(view)
      return view
    }

    it('hydrates from storage, hands out tokens, logs out, logs in by code', async () => {
      // A session left in storage by an earlier visit.
      const storage = mapStorage()
      const earlier = client(storage)
      await ready(earlier)
      await earlier.sendCode({ email: 'ada@example.com' })
      await earlier.loginWithCode({ code: emulator.latestCode('ada@example.com')! })
      earlier.destroy()
      const stored = storage.map.get('session') as { token: string }
      expect(stored.token).toMatch(/^session_/)

      const onComplete = vi.fn()
      const view = await render(client(storage), onComplete)
      // First render: not ready yet, whatever storage holds.
      expect(view.text()).toBe('false|false||initial')
      await expect.poll(() => view.text()).toBe('true|true|ada@example.com|initial')
      expect(view.seen().user).toMatchObject({ email: 'ada@example.com' })

      const tokens = await view.seen().getSessionTokens()
      expect(tokens?.sessionToken).toBe(stored.token)
      expect(tokens?.sessionJwt.split('.')).toHaveLength(3)

      await view.seen().logout()
      await expect.poll(() => view.text()).toBe('true|false||initial')
      expect(view.seen().user).toBeNull()
      expect(storage.map.has('session')).toBe(false)
      await expect(view.seen().getSessionTokens()).resolves.toBeNull()

      await view.seen().sendCode({ email: 'grace@example.com' })
      await expect.poll(() => view.text()).toBe('true|false||awaiting-code-input')
      const user = await view.seen().loginWithCode({ code: emulator.latestCode('grace@example.com')! })
      expect(user.email).toBe('grace@example.com')
      expect(onComplete).toHaveBeenCalledWith(user)
      await expect.poll(() => view.text()).toBe('true|true|grace@example.com|done')
      expect(storage.map.get('session')).toMatchObject({ user: { email: 'grace@example.com' } })
    })

    it('logs in with Google in a popup through the emulator provider page', async () => {
      const popup = { closed: false, location: { href: '' }, close: vi.fn() }
      const open = vi.fn(() => popup)
      vi.stubGlobal('open', open)
      const onComplete = vi.fn()
      const storage = mapStorage()
      const view = await render(client(storage), onComplete)
      await expect.poll(() => view.text()).toBe('true|false||initial')
      const login = view.seen().initOAuth({ provider: 'google', mode: 'popup' })
      expect(open).toHaveBeenCalledTimes(1) // within the click
      await expect.poll(() => popup.location.href).toMatch(/\/emulator\/oauth\/google\?flow=/)
      await expect.poll(() => view.text()).toBe('true|false||awaiting-oauth')
      // In the popup: the user adds an account on the provider page and presses Continue …
      const page = new URL(popup.location.href)
      const form = new URLSearchParams({ flow: page.searchParams.get('flow')!, action: 'continue', email: 'mo@example.com', name: 'Mo' })
      const continued = await emulator.app.request(page.pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      })
      const callback = new URL(continued.headers.get('location')!)
      // … and the app's page there hands the callback to the opener.
      const channel = new BroadcastChannel(channelName(emulator.publishableKey))
      channel.postMessage({ state: callback.searchParams.get('state'), token: callback.searchParams.get('token'), error: null })
      channel.close()
      const user = await login
      expect(user.email).toBe('mo@example.com')
      expect(onComplete).toHaveBeenCalledWith(user)
      expect(popup.close).toHaveBeenCalled()
      await expect.poll(() => view.text()).toBe('true|true|mo@example.com|done')
      expect(storage.map.get('session')).toMatchObject({ user: { email: 'mo@example.com' } })
    })

    it('useMoonKeyEvent tells the component of ready, login and logout (with its reason) until it unmounts', async () => {
      const seen: string[] = []
      const onEvent = (event: MoonKeyEvent) =>
        seen.push(event.type === 'logout' ? `logout:${event.reason}` : event.type === 'login' ? `login:${event.user.email}` : event.type)
      const c = client(mapStorage())
      const view = await render(c, vi.fn(), onEvent)
      await expect.poll(() => seen).toEqual(['ready'])
      await view.seen().sendCode({ email: 'mae@example.com' })
      await view.seen().loginWithCode({ code: emulator.latestCode('mae@example.com')! })
      await expect.poll(() => seen).toEqual(['ready', 'login:mae@example.com'])
      await view.seen().logout()
      await expect.poll(() => seen).toEqual(['ready', 'login:mae@example.com', 'logout:logout'])

      mounted.splice(mounted.indexOf(view), 1)
      await view.unmount()
      // Subscribed after the component's handlers: once it has the login, they would have too.
      const after = vi.fn()
      c.on('login', after)
      await c.sendCode({ email: 'mae@example.com' })
      await c.loginWithCode({ code: emulator.latestCode('mae@example.com')! })
      await expect.poll(() => after.mock.calls.length).toBe(1)
      expect(seen).toEqual(['ready', 'login:mae@example.com', 'logout:logout'])
    })

    it('shows a wrong code in the login state and lets the user retry', async () => {
      const view = await render(client(mapStorage()))
      await expect.poll(() => view.text()).toBe('true|false||initial')
      await view.seen().sendCode({ email: 'lin@example.com' })
      const code = emulator.latestCode('lin@example.com')!
      const wrong = code === '000000' ? '111111' : '000000'
      await expect(view.seen().loginWithCode({ code: wrong })).rejects.toMatchObject({ code: 'otp_incorrect' })
      await expect.poll(() => view.text()).toBe('true|false||error')
      expect(view.seen().state.error?.code).toBe('otp_incorrect')
      await view.seen().loginWithCode({ code })
      await expect.poll(() => view.text()).toBe('true|true|lin@example.com|done')
    })
  })
}

/**
 * What every binding exports besides its framework's way in (`MoonKeyProvider`,
 * `MoonKeyPlugin`, `setMoonKey`). Each binding's export test compares against it.
 */
export const SHARED_EXPORTS = ['MoonKeyError', 'isMoonKeyError', 'useLoginWithEmail', 'useLoginWithOAuth', 'useLoginWithWallet', 'useMoonKey', 'useMoonKeyEvent']
