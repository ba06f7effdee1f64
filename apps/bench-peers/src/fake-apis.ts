/**
 * In-process fakes of the four auth APIs behind one `fetch`, answering the way
 * each provider's real endpoints do, with exact request counts. Any URL none of
 * them serves is recorded in `unexpected` and fails, so no SDK reaches the
 * network unnoticed.
 */

/** How long every fake access token / JWT lives, in seconds. */
export const LIFETIME = 3600

export const HOSTS = {
  moonkey: 'https://api.moonkey.test',
  supabase: 'https://project.supabase.test',
  auth0: 'https://tenant.auth0.test',
} as const

export const AUTH0_CLIENT_ID = 'auth0_client_bench'
const EMAIL = 'ada@example.com'
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A JWT with the given claims, `iat`/`exp` from `Date.now()`. Nobody checks the signature. */
export const mintJwt = (claims: Record<string, unknown>, lifetime = LIFETIME): string => {
  const iat = Math.floor(Date.now() / 1000)
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'bench' })}.${b64({ iat, exp: iat + lifetime, ...claims })}.c2ln`
}

type Answer = [status: number, body: unknown]
type Route = (url: URL, body: Record<string, string>) => Answer

const readBody = async (request: Request): Promise<Record<string, string>> => {
  const text = await request.text()
  if (!text) return {}
  return text.startsWith('{') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text))
}

/**
 * Creates the fakes. `fetch` is what the bench installs as `globalThis.fetch`;
 * `count('supabase:refresh')` is how many requests that endpoint answered.
 *
 * @example
 * const apis = fakeApis()
 * globalThis.fetch = apis.fetch
 */
export const fakeApis = () => {
  const counts = new Map<string, number>()
  const unexpected: string[] = []
  let seq = 0
  /** The nonce of Auth0's last authorize URL (the fake never sees that redirect). */
  let auth0Nonce: string | undefined

  const moonkeyAnswer = (token: string) => {
    const iat = Math.floor(Date.now() / 1000)
    return {
      session_token: token,
      session_jwt: mintJwt({ sub: 'user_1', jti: 'sess_1' }),
      session: { id: 'sess_1', user_id: 'user_1', started_at: iat, expires_at: iat + 30 * 86_400, last_active_at: iat, factors: [] },
      user: {
        id: 'user_1', user_id: 'user_1', email: EMAIL, status: 'active', metadata: {},
        emails: [{ id: 'email_1', email: EMAIL, verified: true }], created_at: 1_700_000_000, updated_at: 1_700_000_000,
      },
    }
  }
  const supabaseSession = () => ({
    access_token: mintJwt({ sub: 'sb_user_1', role: 'authenticated', aud: 'authenticated', session_id: 'sb_sess_1' }),
    token_type: 'bearer',
    expires_in: LIFETIME,
    expires_at: Math.floor(Date.now() / 1000) + LIFETIME,
    refresh_token: `sb_refresh_${++seq}`,
    user: { id: 'sb_user_1', aud: 'authenticated', role: 'authenticated', email: EMAIL, app_metadata: {}, user_metadata: {}, created_at: '2024-01-01T00:00:00Z' },
  })
  const firebaseIdToken = () => mintJwt({ sub: 'fb_user_1', user_id: 'fb_user_1', aud: 'bench', iss: 'https://securetoken.google.com/bench', firebase: { sign_in_provider: 'custom' } })
  const auth0Tokens = (nonce?: string) => ({
    access_token: mintJwt({ sub: 'auth0|1', aud: 'https://api.bench', iss: `${HOSTS.auth0}/` }),
    id_token: mintJwt({ sub: 'auth0|1', aud: AUTH0_CLIENT_ID, iss: `${HOSTS.auth0}/`, email: EMAIL, ...(nonce && { nonce }) }),
    refresh_token: `a0_refresh_${++seq}`,
    scope: 'openid profile email offline_access',
    expires_in: LIFETIME,
    token_type: 'Bearer',
  })

  const routes: Record<string, Route> = {
    // MoonKey: the endpoints of packages/core (refresh.ts, email-login.ts, logout).
    [`${HOSTS.moonkey}/v1/auth/otps/email/login_or_create`]: () => [200, { user_id: 'user_1', user_created: false, status: 'active', email_id: 'email_1' }],
    [`${HOSTS.moonkey}/v1/auth/otps/verify`]: (_, body) => [200, { method_id: body.method_id, method_type: 'email', user_id: 'user_1', ...moonkeyAnswer(`session_${++seq}`) }],
    [`${HOSTS.moonkey}/v1/auth/sessions/verify`]: (_, body) => [200, moonkeyAnswer(body.session_token!)],
    [`${HOSTS.moonkey}/v1/auth/sessions/delete`]: () => [200, { message: 'Successfully deleted session' }],
    // Supabase Auth (GoTrue).
    [`${HOSTS.supabase}/auth/v1/otp`]: () => [200, {}],
    [`${HOSTS.supabase}/auth/v1/verify`]: () => { const s = supabaseSession(); return [200, { ...s }] },
    [`${HOSTS.supabase}/auth/v1/token`]: (url) => url.searchParams.get('grant_type') === 'refresh_token' ? [200, supabaseSession()] : [400, { error: 'unsupported_grant_type' }],
    [`${HOSTS.supabase}/auth/v1/logout`]: () => [204, null],
    // Firebase Auth: Identity Toolkit and the Secure Token service.
    'https://identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken': () => [200, { kind: 'identitytoolkit#VerifyCustomTokenResponse', idToken: firebaseIdToken(), refreshToken: `fb_refresh_${++seq}`, expiresIn: String(LIFETIME), isNewUser: false }],
    'https://identitytoolkit.googleapis.com/v1/accounts:lookup': () => [200, { kind: 'identitytoolkit#GetAccountInfoResponse', users: [{ localId: 'fb_user_1', email: EMAIL, emailVerified: true, providerUserInfo: [], createdAt: '1700000000000', lastLoginAt: '1700000000000' }] }],
    'https://identitytoolkit.googleapis.com/v1/accounts:sendOobCode': () => [200, { kind: 'identitytoolkit#GetOobConfirmationCodeResponse', email: EMAIL }],
    'https://securetoken.googleapis.com/v1/token': (_, body) => body.grant_type === 'refresh_token'
      ? [200, { access_token: firebaseIdToken(), expires_in: String(LIFETIME), token_type: 'Bearer', refresh_token: body.refresh_token, id_token: firebaseIdToken(), user_id: 'fb_user_1', project_id: 'bench' }]
      : [400, { error: { message: 'INVALID_GRANT_TYPE' } }],
    // Auth0: the token endpoint (authorization code with PKCE, refresh token).
    [`${HOSTS.auth0}/oauth/token`]: (_, body) =>
      body.grant_type === 'authorization_code' ? [200, auth0Tokens(auth0Nonce)]
        : body.grant_type === 'refresh_token' ? [200, auth0Tokens()]
          : [400, { error: 'unsupported_grant_type' }],
  }
  /** Counter keys: the endpoints the bench reads. */
  const names: Record<string, string> = {
    [`${HOSTS.moonkey}/v1/auth/sessions/verify`]: 'moonkey:refresh',
    [`${HOSTS.supabase}/auth/v1/token`]: 'supabase:refresh',
    'https://securetoken.googleapis.com/v1/token': 'firebase:refresh',
    [`${HOSTS.auth0}/oauth/token`]: 'auth0:token',
  }

  const fetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && !init ? input : new Request(input, init)
    const url = new URL(request.url)
    const endpoint = `${url.origin}${url.pathname}`
    const route = routes[endpoint]
    if (!route) {
      unexpected.push(`${request.method} ${request.url}`)
      throw new TypeError(`bench: no fake answers ${request.method} ${request.url} (the bench runs offline)`)
    }
    const name = names[endpoint] ?? endpoint
    counts.set(name, (counts.get(name) ?? 0) + 1)
    const [status, body] = route(url, await readBody(request))
    return new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: body === null ? {} : { 'content-type': 'application/json' },
    })
  }) as typeof globalThis.fetch

  return {
    fetch,
    unexpected,
    count: (name: string): number => counts.get(name) ?? 0,
    setAuth0Nonce: (nonce: string | undefined) => void (auth0Nonce = nonce),
  }
}
