import { afterEach, describe, expect, it } from 'vitest'
import { relayAddress, s256 } from './oauth.ts'
import { redirectUrlMatcher } from './redirect-urls.ts'
import { expectErrorShape, testEmulator, type TestEmulator } from './test-utils.ts'

const APP = 'http://localhost:5173/callback'
const VERIFIER = 'v'.repeat(20) + 'erifier-0123456789_abcdefghij~.'

let emulator: TestEmulator
afterEach(async () => {
  await emulator?.close()
})

const beginUrl = (provider: string, params: Record<string, string>): string =>
  `/v1/auth/oauth/${provider}/begin?${new URLSearchParams({ public_token: emulator.publishableKey, login_redirect_url: APP, ...params })}`

async function begin(provider = 'google', params: Record<string, string> = {}) {
  return emulator.call('GET', beginUrl(provider, params), undefined, { key: null })
}

/** The provider page's path (with the flow id) from a `begin` answer. */
async function pagePath(provider = 'google', params: Record<string, string> = {}): Promise<string> {
  const res = await begin(provider, params)
  expect(res.status).toBe(200)
  const url = new URL(res.json.redirect_url)
  return `${url.pathname}${url.search}`
}

async function submit(path: string, fields: Record<string, string>) {
  const flow = new URL(path, 'http://x').searchParams.get('flow')!
  const res = await emulator.app.request(path.split('?')[0]!, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ flow, ...fields }).toString(),
  })
  return res
}

/** Runs begin → provider page → Continue and returns the callback URL. */
async function signIn(provider = 'google', fields: Record<string, string> = { email: 'ada@example.com', name: 'Ada' }, params: Record<string, string> = {}) {
  const res = await submit(await pagePath(provider, params), { action: 'continue', ...fields })
  expect(res.status).toBe(303)
  return new URL(res.headers.get('location')!)
}

const verify = (body: Record<string, unknown>) =>
  emulator.call('POST', '/v1/auth/oauth/verify', body, { key: emulator.publishableKey })

describe('redirect URL allowlist (matcher)', () => {
  const allowed = redirectUrlMatcher(['http://localhost:*', 'https://app.example.com/auth/callback'])

  it('allows any path on an origin pattern and only the exact path of a full URL', () => {
    expect(allowed('http://localhost:5173/any/path?x=1')).toBe(true)
    expect(allowed('http://localhost/')).toBe(true)
    expect(allowed('https://app.example.com/auth/callback')).toBe(true)
    expect(allowed('https://app.example.com/auth/callback?next=1')).toBe(true)
    expect(allowed('https://app.example.com/auth/other')).toBe(false)
    expect(allowed('https://app.example.com/')).toBe(false)
  })

  it('refuses look-alikes, other schemes, user info and fragments', () => {
    for (const url of [
      'http://localhost.evil.example/',
      'http://localhost:5173@evil.example/',
      'http://evil.example/?http://localhost:5173/',
      'https://localhost:5173/',
      'javascript:alert(1)//http://localhost:1/',
      '//evil.example/',
      'http://user:pw@localhost:5173/',
      'http://localhost:5173/#token',
      'not a url',
    ]) {
      expect(allowed(url), url).toBe(false)
    }
  })
})

describe('GET /v1/auth/oauth/{provider}/begin', () => {
  it('answers the fake provider page URL, or redirects to it with redirect=true', async () => {
    emulator = testEmulator()
    const res = await begin('google')
    expect(res.status).toBe(200)
    expect(Object.keys(res.json)).toEqual(['redirect_url'])
    expect(res.json.redirect_url).toMatch(/^http:\/\/localhost\/emulator\/oauth\/google\?flow=[A-Za-z0-9]{32}$/)
    expect(res.headers.get('cache-control')).toBe('no-store')

    const redirected = await emulator.app.request(beginUrl('apple', { redirect: 'true' }))
    expect(redirected.status).toBe(302)
    expect(redirected.headers.get('location')).toMatch(/^http:\/\/localhost\/emulator\/oauth\/apple\?flow=/)
  })

  it('is 404 for an unknown provider and 401 for a bad or secret key', async () => {
    emulator = testEmulator()
    expectErrorShape((await begin('github')).json, 404, 'not_found')
    expectErrorShape((await begin('google', { public_token: 'pk_test_wrong' })).json, 401, 'unauthorized')
    expectErrorShape((await begin('google', { public_token: emulator.secretKey })).json, 401, 'unauthorized')
    const missing = await emulator.call('GET', `/v1/auth/oauth/google/begin?login_redirect_url=${APP}`, undefined, { key: null })
    expectErrorShape(missing.json, 401, 'unauthorized')
  })

  it('refuses redirect URLs outside the allowlist with 400 and never redirects there', async () => {
    emulator = testEmulator()
    for (const url of ['https://evil.example/cb', 'http://localhost:5173@evil.example/', 'http://localhost.evil.example/']) {
      const res = await emulator.app.request(beginUrl('google', { login_redirect_url: url, redirect: 'true' }))
      expect(res.status).toBe(400)
      expect(res.headers.get('location')).toBeNull()
      expectErrorShape(await res.json(), 400, 'invalid_redirect_url')
    }
    const registration = await begin('google', { registration_redirect_url: 'https://evil.example/welcome' })
    expectErrorShape(registration.json, 400, 'invalid_redirect_url')
    expect(registration.json.error_message).toContain('registration_redirect_url')
  })

  it('uses the configured allowlist instead of the default', async () => {
    emulator = testEmulator({ redirectUrls: ['https://app.example.com/auth/callback'] })
    expectErrorShape((await begin('google')).json, 400, 'invalid_redirect_url')
    expect((await begin('google', { login_redirect_url: 'https://app.example.com/auth/callback' })).status).toBe(200)
  })

  it('validates the query', async () => {
    emulator = testEmulator()
    const cases: [Record<string, string>, string][] = [
      [{ login_redirect_url: '' }, 'invalid_request'],
      [{ redirect: 'yes' }, 'invalid_request'],
      [{ code_challenge: 'short' }, 'invalid_request'],
      [{ state: 'has space' }, 'invalid_request'],
      [{ state: 'x'.repeat(513) }, 'invalid_request'],
      [{ scope: 'email' }, 'too_many_parameters'],
    ]
    for (const [params, type] of cases) expectErrorShape((await begin('google', params)).json, 400, type)
    const noUrl = await emulator.call('GET', `/v1/auth/oauth/google/begin?public_token=${emulator.publishableKey}`, undefined, { key: null })
    expectErrorShape(noUrl.json, 400, 'invalid_request')
    expect(noUrl.json.error_message).toBe('login_redirect_url is required.')
  })
})

describe('the fake provider page', () => {
  it('is accessible HTML with Email and Name fields, Continue and Cancel', async () => {
    emulator = testEmulator()
    const res = await emulator.app.request(await pagePath('google'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    const html = await res.text()
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<title>Sign in with Google</title>')
    expect(html).toContain('<label for="email">Email</label>')
    expect(html).toContain('<input id="email" type="email" name="email" autocomplete="email" required')
    expect(html).toContain('<label for="name">Name</label>')
    expect(html).toMatch(/<button type="submit" class="primary" name="action" value="continue">Continue<\/button>/)
    expect(html).toMatch(/<button type="submit" name="action" value="cancel">Cancel<\/button>/)
    expect(html).not.toContain('Hide my email')
  })

  it("offers Apple's Hide my email, which signs in with a private relay address", async () => {
    emulator = testEmulator()
    const html = await (await emulator.app.request(await pagePath('apple'))).text()
    expect(html).toContain('<title>Sign in with Apple</title>')
    expect(html).toContain('name="hide_email"')
    expect(html).toContain('Hide my email')
    const callback = await signIn('apple', { email: 'ada@example.com', name: 'Ada', hide_email: 'on' })
    const res = await verify({ token: callback.searchParams.get('token') })
    const relay = relayAddress(emulator.appId, 'ada@example.com')
    expect(relay).toMatch(/^[0-9a-f]{12}@privaterelay\.appleid\.com$/)
    expect(res.json.user.email).toBe(relay)
    expect(res.json.user.oauth_providers).toEqual([{ provider: 'apple', provider_subject: res.json.provider_subject, email: relay }])
    expect(res.json.provider_subject).toMatch(/^000\d{3}\.[0-9a-f]{64}\.0\d{3}$/)
  })

  it('Continue sends the browser to the redirect URL with token, moonkey_token_type and state', async () => {
    emulator = testEmulator()
    const callback = await signIn('google', { email: 'Ada@Example.com', name: 'Ada' }, { state: 'st4te' })
    expect(`${callback.origin}${callback.pathname}`).toBe(APP)
    expect(callback.searchParams.get('token')).toMatch(/^[A-Za-z0-9]{44}$/)
    expect(callback.searchParams.get('moonkey_token_type')).toBe('oauth')
    expect(callback.searchParams.get('state')).toBe('st4te')
  })

  it('Cancel sends the browser back with error=access_denied and the state, and no token', async () => {
    emulator = testEmulator()
    const res = await submit(await pagePath('google', { state: 'st4te' }), { action: 'cancel', email: '' })
    expect(res.status).toBe(303)
    const back = new URL(res.headers.get('location')!)
    expect(`${back.origin}${back.pathname}`).toBe(APP)
    expect([...back.searchParams]).toEqual([
      ['error', 'access_denied'],
      ['state', 'st4te'],
    ])
  })

  it('sends a first login to the registration URL, later ones to the login URL', async () => {
    emulator = testEmulator()
    const welcome = 'http://localhost:5173/welcome'
    const first = await signIn('google', undefined, { registration_redirect_url: welcome })
    expect(first.pathname).toBe('/welcome')
    await verify({ token: first.searchParams.get('token') })
    const second = await signIn('google', undefined, { registration_redirect_url: welcome })
    expect(second.pathname).toBe('/callback')
  })

  it('re-renders with an accessible error for a bad email', async () => {
    emulator = testEmulator()
    const res = await submit(await pagePath('google'), { action: 'continue', email: 'not-an-email', name: 'Ada' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('<p id="email-error" class="error" role="alert">Enter a valid email address.</p>')
    expect(html).toContain('aria-invalid="true" aria-describedby="email-error"')
    expect(html).toContain('value="not-an-email"')
  })

  it('lists accounts seen before and signs in with a picked one', async () => {
    emulator = testEmulator()
    const first = await signIn('google', { email: 'grace@example.com', name: 'Grace <Hopper>' })
    const firstLogin = await verify({ token: first.searchParams.get('token') })
    const path = await pagePath('google')
    const html = await (await emulator.app.request(path)).text()
    expect(html).toContain('Choose an account')
    expect(html).toContain('Grace &#60;Hopper&#62;')
    const id = /name="account" value="(oauth_[A-Za-z0-9]+)"/.exec(html)![1]!
    const res = await submit(path, { account: id })
    const second = await verify({ token: new URL(res.headers.get('location')!).searchParams.get('token') })
    expect(second.json.user_id).toBe(firstLogin.json.user_id)
    expect(second.json.provider_subject).toBe(firstLogin.json.provider_subject)
    // Google's accounts are not offered on Apple's page.
    expect(await (await emulator.app.request(await pagePath('apple'))).text()).not.toContain('grace@example.com')
  })

  it('works once per begin, and not after 10 minutes', async () => {
    emulator = testEmulator()
    const path = await pagePath('google')
    expect((await submit(path, { action: 'continue', email: 'ada@example.com' })).status).toBe(303)
    const again = await submit(path, { action: 'continue', email: 'ada@example.com' })
    expect(again.status).toBe(404)
    expect(again.headers.get('location')).toBeNull()
    expect(await again.text()).toContain('This sign-in link has expired')
    expect((await emulator.app.request(path)).status).toBe(404)

    const late = await pagePath('google')
    emulator.clock.advance(600)
    expect((await emulator.app.request(late)).status).toBe(404)
    expect((await submit(late, { action: 'cancel' })).status).toBe(404)
  })

  it('accepts its own form post when the allowed origins do not include the emulator', async () => {
    emulator = testEmulator({ allowedOrigins: ['https://app.example.com'] })
    const path = await pagePath('google')
    const res = await emulator.app.request(path.split('?')[0]!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
      body: new URLSearchParams({ flow: new URL(path, 'http://x').searchParams.get('flow')!, action: 'cancel' }).toString(),
    })
    expect(res.status).toBe(303)
  })
})

describe('POST /v1/auth/oauth/verify', () => {
  it('logs in like otps/verify and adds provider, provider_subject and user_created', async () => {
    emulator = testEmulator()
    const callback = await signIn('google')
    const res = await verify({ token: callback.searchParams.get('token'), session_expires_in: 60 })
    expect(res.status).toBe(200)
    const now = emulator.clock.now() / 1000
    expect(res.json).toEqual({
      user_id: expect.stringMatching(/^user_/),
      provider: 'google',
      provider_subject: expect.stringMatching(/^1\d{20}$/),
      user_created: true,
      session_token: expect.stringMatching(/^session_[A-Za-z0-9]{64}$/),
      session_jwt: expect.stringMatching(/^eyJ/),
      session: expect.objectContaining({
        user_id: res.json.user_id,
        expires_at: now + 3600,
        factors: [
          {
            type: 'oauth',
            delivery_channel: 'oauth_google',
            method: { method_id: expect.stringMatching(/^oauth_/), method_type: 'oauth_google', email: 'ada@example.com', last_verified_at: now },
          },
        ],
      }),
      user: expect.objectContaining({
        id: res.json.user_id,
        email: 'ada@example.com',
        status: 'active',
        emails: [{ id: expect.stringMatching(/^email_/), email: 'ada@example.com', verified: true }],
        oauth_providers: [{ provider: 'google', provider_subject: res.json.provider_subject, email: 'ada@example.com' }],
      }),
    })
    const session = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: res.json.session_token })
    expect(session.status).toBe(200)
  })

  it('links to the existing user with the same verified email', async () => {
    emulator = testEmulator()
    const byEmail = await emulator.login('ada@example.com')
    const google = await verify({ token: (await signIn('google')).searchParams.get('token') })
    expect(google.json.user_created).toBe(false)
    expect(google.json.user_id).toBe(byEmail.user_id)
    const apple = await verify({ token: (await signIn('apple')).searchParams.get('token') })
    expect(apple.json.user_id).toBe(byEmail.user_id)
    const user = await emulator.call('GET', `/v1/auth/users/${byEmail.user_id}`)
    expect(user.json.emails).toHaveLength(1)
    expect(user.json.oauth_providers.map((p: { provider: string }) => p.provider)).toEqual(['google', 'apple'])
    // And an email-code login after it still finds the same user.
    expect((await emulator.login('ada@example.com')).user_id).toBe(byEmail.user_id)
  })

  it('is single use', async () => {
    emulator = testEmulator()
    const token = (await signIn('google')).searchParams.get('token')
    expect((await verify({ token })).status).toBe(200)
    const again = await verify({ token })
    expectErrorShape(again.json, 404, 'oauth_token_not_found')
  })

  it('expires after 10 minutes', async () => {
    emulator = testEmulator()
    const token = (await signIn('google')).searchParams.get('token')
    emulator.clock.advance(600)
    expectErrorShape((await verify({ token })).json, 410, 'oauth_token_expired')
  })

  it('accepts a token just before expiry', async () => {
    emulator = testEmulator()
    const token = (await signIn('google')).searchParams.get('token')
    emulator.clock.advance(599)
    expect((await verify({ token })).status).toBe(200)
  })

  it('requires the matching code_verifier when begin had a code_challenge (PKCE S256)', async () => {
    emulator = testEmulator()
    const challenge = s256(VERIFIER)
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const ok = await signIn('google', undefined, { code_challenge: challenge })
    expect((await verify({ token: ok.searchParams.get('token'), code_verifier: VERIFIER })).status).toBe(200)

    const missing = await signIn('google', undefined, { code_challenge: challenge })
    expectErrorShape((await verify({ token: missing.searchParams.get('token') })).json, 400, 'pkce_mismatch')

    const wrong = await signIn('google', undefined, { code_challenge: challenge })
    const stolen = wrong.searchParams.get('token')
    expectErrorShape((await verify({ token: stolen, code_verifier: `${VERIFIER}x` })).json, 400, 'pkce_mismatch')
    // A failed attempt burns the token: the right verifier no longer helps a thief who guessed first.
    expectErrorShape((await verify({ token: stolen, code_verifier: VERIFIER })).json, 404, 'oauth_token_not_found')
  })

  it('refuses a code_verifier for a login begun without code_challenge', async () => {
    emulator = testEmulator()
    const token = (await signIn('google')).searchParams.get('token')
    expectErrorShape((await verify({ token, code_verifier: VERIFIER })).json, 400, 'pkce_mismatch')
  })

  it('rejects bad input and needs a key', async () => {
    emulator = testEmulator()
    expectErrorShape((await verify({})).json, 400, 'invalid_request')
    expectErrorShape((await verify({ token: 42 })).json, 400, 'invalid_request')
    expectErrorShape((await verify({ token: 'x', code_verifier: 'short' })).json, 400, 'invalid_request')
    expectErrorShape((await verify({ token: 'x', session_expires_in: 1 })).json, 400, 'invalid_request')
    expectErrorShape((await verify({ token: 'x', extra: 1 })).json, 400, 'too_many_parameters')
    expectErrorShape((await verify({ token: 'unknown' })).json, 404, 'oauth_token_not_found')
    const noKey = await emulator.call('POST', '/v1/auth/oauth/verify', { token: 'x' }, { key: null })
    expectErrorShape(noKey.json, 401, 'unauthorized')
  })
})

describe('emulator-only views of OAuth accounts', () => {
  it('lists seen accounts as JSON and links them from the mailbox page', async () => {
    emulator = testEmulator()
    const login = await verify({ token: (await signIn('google')).searchParams.get('token') })
    await signIn('apple', { email: 'grace@example.com', name: 'Grace' })
    const all = await emulator.call('GET', '/emulator/v1/oauth/accounts', undefined, { key: null })
    expect(all.json.accounts).toEqual([
      expect.objectContaining({ provider: 'apple', email: 'grace@example.com', name: 'Grace', user_id: null }),
      expect.objectContaining({ provider: 'google', email: 'ada@example.com', name: 'Ada', user_id: login.json.user_id, provider_subject: login.json.provider_subject }),
    ])
    const google = await emulator.call('GET', '/emulator/v1/oauth/accounts?provider=google', undefined, { key: null })
    expect(google.json.accounts).toHaveLength(1)
    expectErrorShape((await emulator.call('GET', '/emulator/v1/oauth/accounts?provider=github', undefined, { key: null })).json, 404, 'not_found')
    const page = await (await emulator.app.request('/emulator')).text()
    expect(page).toContain('<a href="/emulator/v1/oauth/accounts?provider=google">google</a>')
    expect(page).toContain('grace@example.com')
  })
})
