import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush, type FakeApi } from '../../test/fake-api.ts'
import { ready, setup } from '../../test/setup-client.ts'
import { isMoonKeyError, type MoonKeyError } from '../errors.ts'
import type { MoonKeyClient } from '../types.ts'
import { channelName, pendingKey, REOPEN_MODAL_KEY } from './context.ts'
import { POPUP_POLL_MS } from './login.ts'
import { s256 } from './pkce.ts'

const KEY = 'pk_test_1'
const PROVIDER_PAGE = 'http://api.test/emulator/oauth/google?flow=f1'
const TOKEN = 'oauthtoken123'

/** The fake API plus the two OAuth endpoints; `begins` are the query strings `begin` got. */
const oauthApi = () => {
  const api = fakeApi()
  const begins: URLSearchParams[] = []
  const verifies: Record<string, unknown>[] = []
  let beginFails: { status: number; type: string } | undefined
  let verifyFails: { status: number; type: string } | undefined
  const json = (value: unknown, status = 200) =>
    new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } })
  const fail = ({ status, type }: { status: number; type: string }) =>
    json({ status_code: status, error_type: type, error_message: `failed: ${type}`, request_id: 'req_1' }, status)
  const base = api.fetch
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const url = new URL(request.url)
    if (/^\/v1\/auth\/oauth\/[a-z]+\/begin$/.test(url.pathname) && request.method === 'GET') {
      begins.push(url.searchParams)
      return beginFails ? fail(beginFails) : json({ redirect_url: PROVIDER_PAGE })
    }
    if (url.pathname === '/v1/auth/oauth/verify') {
      const body = (await request.json()) as Record<string, unknown>
      verifies.push(body)
      if (verifyFails) return fail(verifyFails)
      return json({ ...api.session(), user_id: 'user_1', provider: 'google', provider_subject: '1234', user_created: false })
    }
    return base(input, init)
  }) as typeof globalThis.fetch
  return {
    api: { ...api, fetch } as FakeApi,
    begins,
    verifies,
    failBegin: (status: number, type: string) => void (beginFails = { status, type }),
    failVerify: (status: number, type: string) => void (verifyFails = { status, type }),
  }
}

const at = (path: string): void => history.replaceState(null, '', path)
const here = (): string => `${location.pathname}${location.search}${location.hash}`

const rejection = (promise: Promise<unknown>): Promise<MoonKeyError> =>
  promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => {
      if (!isMoonKeyError(error)) throw error
      return error
    },
  )

/** Subscribes (the client's first use) and waits until it is ready. */
const use = async (client: MoonKeyClient): Promise<void> => {
  client.$state.listen(() => {})
  await ready(client)
}

let assign: ReturnType<typeof vi.fn<(url: string | URL) => void>>
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  sessionStorage.clear()
  at('/app?keep=1#top')
  assign = vi.fn<(url: string | URL) => void>()
  vi.spyOn(location, 'assign').mockImplementation(assign)
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('loginWithOAuth by redirect', () => {
  it('keeps state and PKCE verifier in sessionStorage and goes to the provider page', async () => {
    const { api, begins } = oauthApi()
    const { client } = setup({ api })
    let settled = false
    void client.loginWithOAuth({ provider: 'google' }).then(
      () => (settled = true),
      () => (settled = true),
    )
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith(PROVIDER_PAGE))
    const pending = JSON.parse(sessionStorage.getItem(pendingKey(KEY))!)
    const query = begins[0]!
    expect(Object.fromEntries(query)).toEqual({
      public_token: KEY,
      login_redirect_url: 'http://localhost:3000/app?keep=1',
      state: pending.state,
      code_challenge: await s256(pending.verifier),
    })
    expect(pending.state).toMatch(/^mkr\.[\w-]{32}$/)
    expect(pending.verifier).toMatch(/^[\w-]{43}$/)
    expect(client.$loginState.get()).toEqual({ status: 'awaiting-oauth', error: null })
    await flush()
    expect(settled).toBe(false) // the page is leaving
  })

  it('is oauth_cancelled when Back restores the page from the back/forward cache', async () => {
    const { api } = oauthApi()
    const { client } = setup({ api })
    const login = rejection(client.loginWithOAuth({ provider: 'google' }))
    await vi.waitFor(() => expect(assign).toHaveBeenCalled())
    const restored = new Event('pageshow')
    Object.defineProperty(restored, 'persisted', { value: true })
    dispatchEvent(restored)
    const error = await login
    expect(error.code).toBe('oauth_cancelled')
    expect(client.$loginState.get()).toEqual({ status: 'error', error })
  })

  it('sends an explicit redirectUrl, and refuses one on another origin', async () => {
    const { api, begins } = oauthApi()
    const { client } = setup({ api })
    void client.loginWithOAuth({ provider: 'apple', redirectUrl: '/auth/callback#x' }).catch(() => {})
    await vi.waitFor(() => expect(assign).toHaveBeenCalled())
    expect(begins[0]!.get('login_redirect_url')).toBe('http://localhost:3000/auth/callback')

    const error = await rejection(client.loginWithOAuth({ provider: 'google', redirectUrl: 'https://evil.example/cb' }))
    expect(error.code).toBe('invalid_request')
    expect(begins).toHaveLength(1)
    expect(client.$loginState.get()).toEqual({ status: 'error', error })
  })

  it('rejects an unknown provider or mode without a request', async () => {
    const { api, begins } = oauthApi()
    const { client } = setup({ api })
    const provider = await rejection(client.loginWithOAuth({ provider: 'github' as 'google' }))
    expect(provider.code).toBe('invalid_request')
    const mode = await rejection(client.loginWithOAuth({ provider: 'google', mode: 'tab' as 'popup' }))
    expect(mode.code).toBe('invalid_request')
    expect(begins).toHaveLength(0)
  })

  it('says so outside a secure context (no crypto.subtle for PKCE)', async () => {
    const { api, begins } = oauthApi()
    const { client } = setup({ api })
    const real = globalThis.crypto
    vi.stubGlobal('crypto', { getRandomValues: (array: Uint8Array) => real.getRandomValues(array) })
    const error = await rejection(client.loginWithOAuth({ provider: 'google' }))
    expect(error.code).toBe('invalid_request')
    expect(error.message).toContain('secure context')
    expect(begins).toHaveLength(0)
  })

  it("shows the API's error when begin fails, and stores nothing", async () => {
    const { api, failBegin } = oauthApi()
    failBegin(400, 'invalid_redirect_url')
    const { client } = setup({ api })
    const error = await rejection(client.loginWithOAuth({ provider: 'google' }))
    expect(error).toMatchObject({ code: 'invalid_request', errorType: 'invalid_redirect_url', status: 400 })
    expect(client.$loginState.get()).toEqual({ status: 'error', error })
    expect(sessionStorage.getItem(pendingKey(KEY))).toBeNull()
    expect(assign).not.toHaveBeenCalled()
  })
})

describe('the redirect callback, handled on first use', () => {
  const pending = { state: 'mkr.STATE', verifier: 'v'.repeat(43) }
  const callback = (params: Record<string, string>) =>
    at(`/app?keep=1&${new URLSearchParams(params)}#top`)

  it('checks the state, verifies with the PKCE verifier, logs in and cleans the address bar', async () => {
    const { api, verifies } = oauthApi()
    sessionStorage.setItem(pendingKey(KEY), JSON.stringify(pending))
    callback({ token: TOKEN, moonkey_token_type: 'oauth', state: pending.state })
    const { client, storage } = setup({ api })
    await use(client)
    expect(verifies).toEqual([{ token: TOKEN, code_verifier: pending.verifier }])
    // Logged in by the time it is ready: no logged-out flash.
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: true, user: { id: 'user_1' } })
    expect(storage.map.get('session')).toMatchObject({ user: { id: 'user_1' } })
    expect(client.$loginState.get()).toEqual({ status: 'done', error: null })
    expect(here()).toBe('/app?keep=1#top')
    expect(sessionStorage.getItem(pendingKey(KEY))).toBeNull()
  })

  it('logs nobody in when the state does not match', async () => {
    const { api, verifies } = oauthApi()
    sessionStorage.setItem(pendingKey(KEY), JSON.stringify(pending))
    callback({ token: TOKEN, moonkey_token_type: 'oauth', state: 'mkr.TAMPERED' })
    const { client } = setup({ api })
    await use(client)
    expect(verifies).toEqual([])
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: false })
    expect(client.$loginState.get().error?.code).toBe('oauth_state_mismatch')
    expect(here()).toBe('/app?keep=1#top')
    // The pending login is used up: replaying the right state later does not help.
    expect(sessionStorage.getItem(pendingKey(KEY))).toBeNull()
  })

  it('logs nobody in when no login is pending', async () => {
    const { api, verifies } = oauthApi()
    callback({ token: TOKEN, moonkey_token_type: 'oauth', state: pending.state })
    const { client } = setup({ api })
    await use(client)
    expect(verifies).toEqual([])
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false })
    expect(client.$loginState.get()).toMatchObject({ status: 'error', error: { code: 'oauth_state_mismatch' } })
    expect(here()).toBe('/app?keep=1#top')
  })

  it('reports a cancel on the provider page as oauth_cancelled', async () => {
    const { api, verifies } = oauthApi()
    sessionStorage.setItem(pendingKey(KEY), JSON.stringify(pending))
    callback({ error: 'access_denied', state: pending.state })
    const { client } = setup({ api })
    await use(client)
    expect(verifies).toEqual([])
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false })
    expect(client.$loginState.get()).toMatchObject({ status: 'error', error: { code: 'oauth_cancelled' } })
    expect(here()).toBe('/app?keep=1#top')
  })

  it('reopens the login modal with the reason when the modal started the login', async () => {
    const { api } = oauthApi()
    sessionStorage.setItem(pendingKey(KEY), JSON.stringify(pending))
    sessionStorage.setItem(REOPEN_MODAL_KEY, 'google')
    callback({ error: 'access_denied', state: pending.state })
    const { client } = setup({ api, config: { loginMethods: ['email', 'google'] } })
    await use(client)
    const modal = await vi.waitFor(() => document.querySelector('moonkey-login-modal')!.shadowRoot!)
    expect(modal.querySelector('[part="error"]')!.textContent).toBe('The login was cancelled. You are not logged in.')
    expect(sessionStorage.getItem(REOPEN_MODAL_KEY)).toBeNull()
    document.querySelector('moonkey-login-modal')!.remove()
  })

  it('does not open the modal for a failed login the app started itself', async () => {
    const { api } = oauthApi()
    sessionStorage.setItem(pendingKey(KEY), JSON.stringify(pending))
    callback({ error: 'access_denied', state: pending.state })
    const { client } = setup({ api })
    await use(client)
    await vi.waitFor(() => expect(client.$loginState.get().status).toBe('error'))
    await flush()
    expect(document.querySelector('moonkey-login-modal')).toBeNull()
  })

  it("leaves an app's own state and error parameters alone", async () => {
    const { api, verifies } = oauthApi()
    callback({ error: 'something_else', state: 'mkr.but-nothing-pending' })
    const { client } = setup({ api })
    await use(client)
    expect(here()).toBe('/app?keep=1&error=something_else&state=mkr.but-nothing-pending#top')
    expect(client.$loginState.get()).toEqual({ status: 'initial', error: null })

    // A state that is not ours is ignored even with a token: nothing verified, nothing removed.
    const close = vi.fn()
    vi.stubGlobal('close', close)
    sessionStorage.setItem(pendingKey(KEY), JSON.stringify(pending))
    at('/other?state=pending&token=abc&moonkey_token_type=oauth')
    const other = setup({ api, publishableKey: 'pk_test_2' }).client
    await use(other)
    expect(here()).toBe('/other?state=pending&token=abc&moonkey_token_type=oauth')
    expect(verifies).toEqual([])
    expect(close).not.toHaveBeenCalled()
  })

  it("shows the API's error when the token is refused", async () => {
    const { api, failVerify } = oauthApi()
    failVerify(410, 'oauth_token_expired')
    sessionStorage.setItem(pendingKey(KEY), JSON.stringify(pending))
    callback({ token: TOKEN, moonkey_token_type: 'oauth', state: pending.state })
    const { client } = setup({ api })
    await use(client)
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false })
    expect(client.$loginState.get().error).toMatchObject({ errorType: 'oauth_token_expired', status: 410 })
  })
})

describe('loginWithOAuth in a popup', () => {
  const fakePopup = () => ({ closed: false, location: { href: '' }, close: vi.fn(function (this: { closed: boolean }) { this.closed = true }) })

  /** Answers on the channel as the popup's page does. */
  const answer = (message: unknown): void => {
    const channel = new BroadcastChannel(channelName(KEY))
    channel.postMessage(message)
    channel.close()
  }

  it('opens the popup within the call, sends it to the provider, and logs in with its answer', async () => {
    const { api, begins, verifies } = oauthApi()
    const popup = fakePopup()
    const open = vi.fn(() => popup)
    vi.stubGlobal('open', open)
    const { client } = setup({ api })
    const login = client.loginWithOAuth({ provider: 'google', mode: 'popup' })
    // Synchronously, inside the click: before any await.
    expect(open).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(popup.location.href).toBe(PROVIDER_PAGE))
    const state = begins[0]!.get('state')!
    expect(state).toMatch(/^mkp\./)
    expect(client.$loginState.get().status).toBe('awaiting-oauth')
    answer({ state, token: TOKEN, error: null })
    const user = await login
    expect(user.id).toBe('user_1')
    expect(verifies).toHaveLength(1)
    expect(await s256(verifies[0]!.code_verifier as string)).toBe(begins[0]!.get('code_challenge'))
    expect(popup.close).toHaveBeenCalled()
    expect(client.$state.get()).toMatchObject({ isAuthenticated: true })
    expect(client.$loginState.get()).toEqual({ status: 'done', error: null })
    // A redirect login is not left pending in this tab.
    expect(sessionStorage.getItem(pendingKey(KEY))).toBeNull()
  })

  it('ignores answers with another state, and is oauth_cancelled when the popup closes', async () => {
    const { api, verifies } = oauthApi()
    const popup = fakePopup()
    vi.stubGlobal('open', () => popup)
    const { client } = setup({ api })
    const login = rejection(client.loginWithOAuth({ provider: 'google', mode: 'popup' }))
    await vi.waitFor(() => expect(popup.location.href).toBe(PROVIDER_PAGE))
    answer({ state: 'mkp.FORGED', token: TOKEN, error: null })
    await vi.advanceTimersByTimeAsync(POPUP_POLL_MS * 3)
    expect(verifies).toEqual([])
    popup.closed = true
    await vi.advanceTimersByTimeAsync(POPUP_POLL_MS * 2)
    const error = await login
    expect(error.code).toBe('oauth_cancelled')
    expect(verifies).toEqual([])
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false })
    expect(client.$loginState.get()).toEqual({ status: 'error', error })
  })

  it('is oauth_cancelled when the user cancels on the provider page', async () => {
    const { api, begins, verifies } = oauthApi()
    const popup = fakePopup()
    vi.stubGlobal('open', () => popup)
    const { client } = setup({ api })
    const login = rejection(client.loginWithOAuth({ provider: 'apple', mode: 'popup' }))
    await vi.waitFor(() => expect(popup.location.href).toBe(PROVIDER_PAGE))
    answer({ state: begins[0]!.get('state'), token: null, error: 'access_denied' })
    expect((await login).code).toBe('oauth_cancelled')
    expect(verifies).toEqual([])
  })

  it('is popup_blocked when the browser blocks the popup', async () => {
    const { api, begins } = oauthApi()
    vi.stubGlobal('open', () => null)
    const { client } = setup({ api })
    const error = await rejection(client.loginWithOAuth({ provider: 'google', mode: 'popup' }))
    expect(error.code).toBe('popup_blocked')
    expect(begins).toHaveLength(0)
    expect(client.$loginState.get()).toEqual({ status: 'error', error })
  })

  it('closes the popup when begin fails', async () => {
    const { api, failBegin } = oauthApi()
    failBegin(400, 'invalid_redirect_url')
    const popup = fakePopup()
    vi.stubGlobal('open', () => popup)
    const { client } = setup({ api })
    expect((await rejection(client.loginWithOAuth({ provider: 'google', mode: 'popup' }))).errorType).toBe('invalid_redirect_url')
    expect(popup.close).toHaveBeenCalled()
  })

  it("the popup's page hands the callback to the opener, cleans up and closes, logging nobody in itself", async () => {
    const { api, verifies } = oauthApi()
    const close = vi.fn()
    vi.stubGlobal('close', close)
    at(`/app?${new URLSearchParams({ token: TOKEN, moonkey_token_type: 'oauth', state: 'mkp.STATE' })}`)
    const received = new Promise<unknown>((resolve) => {
      const channel = new BroadcastChannel(channelName(KEY))
      channel.onmessage = (event) => {
        channel.close()
        resolve(event.data)
      }
    })
    const { client } = setup({ api })
    await use(client)
    expect(await received).toEqual({ state: 'mkp.STATE', token: TOKEN, error: null })
    expect(close).toHaveBeenCalled()
    expect(verifies).toEqual([])
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false })
    expect(here()).toBe('/app')
  })
})
