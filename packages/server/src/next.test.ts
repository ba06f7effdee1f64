import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { NextRequest, type NextResponse } from 'next/server'
import { RequestCookies } from 'next/dist/compiled/@edge-runtime/cookies'
import { login, recordingFetch, type Login } from '../test/emulator.ts'
import { expectAuthError } from '../test/expect-error.ts'
import { createMoonKeyServer } from './client.ts'
import { parseSetCookieValue } from './cookies.ts'
import { auth, moonkeyMiddleware, type MoonKeyMiddlewareOptions } from './next.ts'

/** What `next/headers` gives `auth()`: this test's request, and whether its cookie store may be written. */
const scope = vi.hoisted(() => ({ headers: new Headers(), writable: true, written: [] as unknown[] }))
vi.mock('next/headers', () => ({
  headers: async () => scope.headers,
  cookies: async () => {
    const store = new RequestCookies(scope.headers)
    return Object.assign(store, {
      set: (cookie: unknown) => {
        // Server components cannot set cookies: Next.js throws.
        if (!scope.writable) throw new Error('Cookies can only be modified in a Server Action or Route Handler.')
        scope.written.push(cookie)
      },
    })
  },
}))

const JWT_EXPIRED = 310_000

describe('@moon-key/server/next', () => {
  let emulator: RunningEmulator
  let alice: Login
  let clock: number
  const now = () => clock
  let recording: ReturnType<typeof recordingFetch>

  beforeAll(async () => {
    clock = Date.now()
    emulator = await startEmulator({ memory: true, log: () => {}, now })
    alice = await login(emulator, 'next@example.com')
  })
  afterAll(async () => {
    await emulator?.close()
  })
  beforeEach(() => {
    clock = Date.now()
    // A new fetch per test: a new server instance, so no cache is shared between tests.
    recording = recordingFetch()
    scope.written = []
    scope.writable = true
  })

  const middleware = (options: MoonKeyMiddlewareOptions = {}) =>
    moonkeyMiddleware({
      secretKey: emulator.secretKey,
      apiUrl: emulator.url,
      appId: emulator.appId,
      now,
      fetch: recording.fetch,
      protect: ['/dashboard/:path*'],
      signInUrl: '/sign-in',
      ...options,
    })
  const request = (path: string, cookies: Record<string, string> = {}) =>
    new NextRequest(`http://localhost:3000${path}`, {
      headers: { cookie: Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ') },
    })
  const cookiesOf = (login: Login) => ({ moonkey_session: login.session_jwt, moonkey_session_token: login.session_token })
  const passedOn = (response: NextResponse) => response.headers.get('x-middleware-next') === '1'
  const setCookies = (response: Response) =>
    Object.fromEntries(response.headers.getSetCookie().map((value) => [parseSetCookieValue(value).name, parseSetCookieValue(value)]))
  /** The Cookie header this request's server components will see. */
  const forwardedCookie = (response: Response) =>
    response.headers.get('x-middleware-override-headers')?.split(',').includes('cookie')
      ? response.headers.get('x-middleware-request-cookie')
      : undefined

  it('logged out: a protected path redirects (307) to signInUrl with redirect_url; others pass', async () => {
    const redirected = await middleware()(request('/dashboard/billing?tab=2'))
    expect(redirected.status).toBe(307)
    const location = new URL(redirected.headers.get('location')!)
    expect(location.pathname).toBe('/sign-in')
    expect(location.searchParams.get('redirect_url')).toBe('/dashboard/billing?tab=2')
    expect(passedOn(await middleware()(request('/')))).toBe(true)
    expect(passedOn(await middleware()(request('/dashboardx')))).toBe(true)
    expect((await middleware()(request('/dashboard'))).status).toBe(307)
    expect((await middleware()(request('//dashboard/'))).status).toBe(307)
  })

  it('the redirect goes to the host the browser used (Host, X-Forwarded-Host and -Proto), not the one Next.js names in request.url', async () => {
    const behind = new NextRequest('http://localhost:3000/dashboard', { headers: { host: '127.0.0.1:4000' } })
    expect((await middleware()(behind)).headers.get('location')).toBe('http://127.0.0.1:4000/sign-in?redirect_url=%2Fdashboard')
    const proxied = new NextRequest('http://localhost:3000/dashboard', {
      headers: { host: 'localhost:3000', 'x-forwarded-host': 'app.example', 'x-forwarded-proto': 'https' },
    })
    expect((await middleware()(proxied)).headers.get('location')).toBe('https://app.example/sign-in?redirect_url=%2Fdashboard')
  })

  it('logged in: protected paths pass, no cookie written, no API call for the session', async () => {
    const response = await middleware()(request('/dashboard', cookiesOf(alice)))
    expect(passedOn(response)).toBe(true)
    expect(response.headers.getSetCookie()).toEqual([])
    expect(forwardedCookie(response)).toBeUndefined()
    expect(recording.calls.filter((call) => !call.url.includes('/jwks/'))).toEqual([])
  })

  it('an expired JWT: refreshed, the new JWT goes to the browser and to this request\'s server components', async () => {
    clock += JWT_EXPIRED
    const response = await middleware()(request('/dashboard', { ...cookiesOf(alice), theme: 'dark' }))
    expect(passedOn(response)).toBe(true)
    const cookies = setCookies(response)
    expect(cookies.moonkey_session?.value).toMatch(/^eyJ/)
    expect(cookies.moonkey_session?.value).not.toBe(alice.session_jwt)
    expect(cookies.moonkey_session).toMatchObject({ path: '/', sameSite: 'lax', secure: false, httpOnly: false })
    expect(cookies.moonkey_session_token?.value).toBe(alice.session_token)
    const forwarded = forwardedCookie(response)!
    expect(forwarded).toContain(`moonkey_session=${cookies.moonkey_session!.value}`)
    expect(forwarded).toContain('theme=dark')
    expect(recording.calls.filter((call) => call.url.endsWith('/sessions/verify'))).toHaveLength(1)
  })

  it('a revoked session: protected paths redirect and delete the cookies; other paths delete them too', async () => {
    const bob = await login(emulator, 'next-bob@example.com')
    await createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl: emulator.url }).deleteSession({ sessionToken: bob.session_token })
    clock += JWT_EXPIRED
    const redirected = await middleware()(request('/dashboard', cookiesOf(bob)))
    expect(redirected.status).toBe(307)
    expect(setCookies(redirected)).toMatchObject({ moonkey_session: { value: '', maxAge: 0 }, moonkey_session_token: { value: '', maxAge: 0 } })
    const home = await middleware()(request('/', cookiesOf(bob)))
    expect(passedOn(home)).toBe(true)
    expect(Object.keys(setCookies(home)).sort()).toEqual(['moonkey_session', 'moonkey_session_token'])
    expect(forwardedCookie(home)).toBe('')
  })

  it('the API down with an expired JWT: 503 on protected paths, others pass untouched', async () => {
    clock += JWT_EXPIRED
    const down = middleware({ apiUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 })
    const protectedAnswer = await down(request('/dashboard', cookiesOf(alice)))
    expect(protectedAnswer.status).toBe(503)
    expect(protectedAnswer.headers.getSetCookie()).toEqual([])
    const home = await down(request('/', cookiesOf(alice)))
    expect(passedOn(home)).toBe(true)
    expect(home.headers.getSetCookie()).toEqual([])
  })

  it('protecting everything never protects the sign-in page (no redirect loop)', async () => {
    const all = middleware({ protect: ['/:path*'], signInUrl: '/sign-in' })
    expect(passedOn(await all(request('/sign-in')))).toBe(true)
    expect((await all(request('/'))).status).toBe(307)
    expect(new URL((await all(request('//evil.example/x'))).headers.get('location')!).searchParams.get('redirect_url')).toBe('/evil.example/x')
  })

  it('reads MOONKEY_SECRET_KEY, MOONKEY_API_URL and MOONKEY_APP_ID', async () => {
    vi.stubEnv('MOONKEY_SECRET_KEY', emulator.secretKey)
    vi.stubEnv('MOONKEY_API_URL', emulator.url)
    vi.stubEnv('MOONKEY_APP_ID', emulator.appId)
    try {
      const fromEnv = moonkeyMiddleware({ protect: ['/dashboard'] })
      expect(passedOn(await fromEnv(request('/dashboard', cookiesOf(alice))))).toBe(true)
      expect((await fromEnv(request('/dashboard'))).status).toBe(307)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('a bad protect pattern is refused when the middleware is created', () => {
    expect(() => moonkeyMiddleware({ protect: ['/dashboard(.*)'] })).toThrow(/not a path like/)
    expect(() => moonkeyMiddleware({ protect: ['dashboard'] })).toThrow(/not a path like/)
  })

  describe('auth()', () => {
    const options = () => ({ secretKey: emulator.secretKey, apiUrl: emulator.url, appId: emulator.appId, now, fetch: recording.fetch })
    const withCookies = (cookies: Record<string, string>) => {
      scope.headers = new Headers({ cookie: Object.entries(cookies).map(([name, value]) => `${name}=${value}`).join('; ') })
    }

    it('returns who is logged in, with the user; null when nobody is', async () => {
      withCookies(cookiesOf(alice))
      expect(await auth(options())).toMatchObject({ userId: alice.user.id, sessionId: alice.session.id, user: { email: 'next@example.com' } })
      expect(await auth({ ...options(), user: false })).toMatchObject({ userId: alice.user.id, user: null })
      withCookies({})
      expect(await auth(options())).toBeNull()
    })

    it('refreshes an expired JWT: sets the cookies where Next.js allows it, and still answers in a server component', async () => {
      clock += JWT_EXPIRED
      withCookies(cookiesOf(alice))
      expect(await auth(options())).toMatchObject({ userId: alice.user.id })
      expect(scope.written).toEqual([
        expect.objectContaining({ name: 'moonkey_session', value: expect.stringMatching(/^eyJ/) }),
        expect.objectContaining({ name: 'moonkey_session_token', value: alice.session_token }),
      ])
      scope.writable = false
      recording = recordingFetch() // a new server: the refresh happens again
      expect(await auth(options())).toMatchObject({ userId: alice.user.id })
    })

    it('an outage while refreshing is an api_unavailable error', async () => {
      clock += JWT_EXPIRED
      withCookies(cookiesOf(alice))
      await expectAuthError(auth({ ...options(), apiUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 }), 'api_unavailable')
    })
  })
})
