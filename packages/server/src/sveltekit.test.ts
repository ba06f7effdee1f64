import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { login, recordingFetch, type Login } from '../test/emulator.ts'
import { createMoonKeyServer } from './client.ts'
import { moonkeyHandle, type MoonKeyHandleOptions } from './sveltekit.ts'

const JWT_EXPIRED = 310_000

/** The part of SvelteKit's `Cookies` a handle uses, recording what it is asked to do. */
type CookieOptions = Parameters<Cookies['set']>[2]
function fakeCookies(): Cookies & { calls: Array<[string, string, string, CookieOptions]> } {
  const calls: Array<[string, string, string, CookieOptions]> = []
  return {
    calls,
    get: () => undefined,
    getAll: () => [],
    set: (name, value, options) => void calls.push(['set', name, value, options]),
    delete: (name, options) => void calls.push(['delete', name, '', options]),
    serialize: () => '',
  }
}

describe('moonkeyHandle (SvelteKit)', () => {
  let emulator: RunningEmulator
  let alice: Login
  let clock: number
  const now = () => clock
  let recording: ReturnType<typeof recordingFetch>

  beforeAll(async () => {
    clock = Date.now()
    emulator = await startEmulator({ memory: true, log: () => {}, now })
    alice = await login(emulator, 'kit@example.com')
  })
  afterAll(async () => {
    await emulator?.close()
  })
  beforeEach(() => {
    clock = Date.now()
    recording = recordingFetch()
  })

  const handleOf = (options: MoonKeyHandleOptions = {}) =>
    moonkeyHandle({
      secretKey: emulator.secretKey,
      apiUrl: emulator.url,
      appId: emulator.appId,
      now,
      fetch: recording.fetch,
      protect: ['/dashboard/:path*'],
      signInUrl: '/login',
      ...options,
    })
  const cookiesOf = (login: Login) => ({ moonkey_session: login.session_jwt, moonkey_session_token: login.session_token })

  /** Runs the handle for one request; `resolve` answers 200 and records that it ran. */
  async function run(handle: ReturnType<typeof moonkeyHandle>, path: string, cookies: Record<string, string> = {}, origin = 'http://localhost:5173') {
    const url = new URL(path, origin)
    const request = new Request(url, { headers: { cookie: Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ') } })
    const event = { request, url, cookies: fakeCookies(), locals: {} } as unknown as RequestEvent & { cookies: ReturnType<typeof fakeCookies> }
    let resolved = false
    let response: Response
    try {
      response = await handle({
        event,
        resolve: async () => {
          resolved = true
          return new Response('page')
        },
      })
    } catch (error) {
      // SvelteKit turns a thrown redirect into a 3xx (or JSON for client-side navigations), with event.cookies.
      if (!isRedirect(error)) throw error
      response = new Response(null, { status: error.status, headers: { location: error.location } })
    }
    return { response, resolved, locals: event.locals, cookieCalls: event.cookies.calls }
  }

  it('logged in: locals.auth with the user, nothing written', async () => {
    const { resolved, locals, cookieCalls } = await run(handleOf(), '/dashboard', cookiesOf(alice))
    expect(resolved).toBe(true)
    expect(locals.auth).toMatchObject({ userId: alice.user.id, sessionId: alice.session.id, user: { email: 'kit@example.com' } })
    expect(cookieCalls).toEqual([])
    const withoutUser = await run(handleOf({ user: false }), '/', cookiesOf(alice))
    expect(withoutUser.locals.auth).toMatchObject({ userId: alice.user.id, user: null })
  })

  it('logged out: locals.auth is null, protected paths redirect (307) to signInUrl with redirect_url', async () => {
    const home = await run(handleOf(), '/')
    expect(home.resolved).toBe(true)
    expect(home.locals.auth).toBeNull()
    const dashboard = await run(handleOf(), '/dashboard/settings?x=1')
    expect(dashboard.resolved).toBe(false)
    expect(dashboard.response.status).toBe(307)
    const location = new URL(dashboard.response.headers.get('location')!)
    expect(location.pathname).toBe('/login')
    expect(location.searchParams.get('redirect_url')).toBe('/dashboard/settings?x=1')
  })

  it('an expired JWT: refreshed through event.cookies (readable by the browser client, Secure on https)', async () => {
    clock += JWT_EXPIRED
    const { resolved, locals, cookieCalls } = await run(handleOf(), '/dashboard', cookiesOf(alice), 'https://app.example')
    expect(resolved).toBe(true)
    expect(locals.auth).toMatchObject({ userId: alice.user.id })
    expect(cookieCalls.map(([op, name]) => [op, name])).toEqual([['set', 'moonkey_session'], ['set', 'moonkey_session_token']])
    const [, , jwt, options] = cookieCalls[0]!
    expect(jwt).toMatch(/^eyJ/)
    expect(jwt).not.toBe(alice.session_jwt)
    expect(options).toMatchObject({ path: '/', sameSite: 'lax', secure: true, httpOnly: false })
    expect(options.maxAge).toBeGreaterThan(3600)
    expect(recording.calls.filter((call) => call.url.endsWith('/sessions/verify'))).toHaveLength(1)
  })

  it('a revoked session: deletes both cookies, on a protected path before redirecting', async () => {
    const bob = await login(emulator, 'kit-bob@example.com')
    await createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl: emulator.url }).deleteSession({ sessionToken: bob.session_token })
    clock += JWT_EXPIRED
    const home = await run(handleOf(), '/', cookiesOf(bob))
    expect(home.locals.auth).toBeNull()
    expect(home.cookieCalls.map(([op, name, , options]) => [op, name, options.path, options.httpOnly])).toEqual([
      ['delete', 'moonkey_session', '/', false],
      ['delete', 'moonkey_session_token', '/', false],
    ])
    const dashboard = await run(handleOf(), '/dashboard', cookiesOf(bob))
    expect(dashboard.response.status).toBe(307)
    expect(dashboard.cookieCalls.map(([op, name]) => [op, name])).toEqual([['delete', 'moonkey_session'], ['delete', 'moonkey_session_token']])
  })

  it('the API down with an expired JWT: 503 on protected paths, others render logged out, no cookie touched', async () => {
    clock += JWT_EXPIRED
    const down = handleOf({ apiUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 })
    const dashboard = await run(down, '/dashboard', cookiesOf(alice))
    expect(dashboard.response.status).toBe(503)
    const home = await run(down, '/', cookiesOf(alice))
    expect(home.resolved).toBe(true)
    expect(home.locals.auth).toBeNull()
    expect(home.cookieCalls).toEqual([])
  })
})
