import { UnsecuredJWT } from 'jose'

/** A session JWT with the given times (seconds). The client never verifies signatures. */
export const mintJwt = (iat: number, exp = iat + 300, sub = 'user_1', jti = 'sess_1'): string =>
  new UnsecuredJWT({ sub, jti }).setIssuedAt(iat).setExpirationTime(exp).encode()

export const USER = {
  id: 'user_1',
  user_id: 'user_1',
  email: 'ada@example.com',
  emails: [{ id: 'email_1', email: 'ada@example.com', verified: true }],
  status: 'active',
  metadata: {},
  created_at: 1_700_000_000,
  updated_at: 1_700_000_000,
}

export const tokenOf = (n: number): string => `session_${String(n).padStart(64, 'x')}`

export interface FakeRequest {
  method: string
  path: string
  body: Record<string, unknown>
  authorization: string | null
}

type Fault = 'offline' | number

/**
 * An in-memory MoonKey API behind a `fetch`. Its clock is the (faked) local
 * clock plus `skew` ms. `fail` makes every answer a fault until cleared;
 * `hold()` parks answers until the returned release is called.
 */
export const fakeApi = () => {
  let sessionCount = 0
  const api = {
    requests: [] as FakeRequest[],
    active: new Set<string>(),
    skew: 0,
    jwtLifetime: 300,
    sessionLifetime: 7 * 24 * 3600,
    fail: null as Fault | null,
    retryAfter: undefined as number | undefined,
    code: '123456',
    gate: undefined as Promise<void> | undefined,
    /** Answers instead of the fake API while set (a proxy's page, a broken body). */
    reply: null as ((path: string) => Response | undefined) | null,
    /** Milliseconds an answer takes back to the client after it was made. */
    delay: 0,
    count: (path: string) => api.requests.filter((r) => r.path.endsWith(path)).length,
    serverSeconds: () => Math.floor((Date.now() + api.skew) / 1000),
    hold(): () => void {
      let release!: () => void
      api.gate = new Promise((resolve) => (release = resolve))
      return () => {
        api.gate = undefined
        release()
      }
    },
    /** A verify-style answer for `token`, as the API sends it. */
    answer(token: string) {
      const iat = api.serverSeconds()
      return {
        session_token: token,
        session_jwt: mintJwt(iat, iat + api.jwtLifetime),
        session: {
          id: 'sess_1',
          user_id: 'user_1',
          started_at: iat,
          expires_at: iat + api.sessionLifetime,
          last_active_at: iat,
          factors: [],
        },
        user: USER,
      }
    },
    /** Makes a session the server knows and returns its verify answer. */
    session() {
      const token = tokenOf(++sessionCount)
      api.active.add(token)
      return api.answer(token)
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init)
      const path = new URL(request.url).pathname
      const text = await request.text()
      const body = text ? JSON.parse(text) : {}
      api.requests.push({
        method: request.method,
        path,
        body,
        authorization: request.headers.get('authorization'),
      })
      if (api.gate) await api.gate
      const response = respond(path, body)
      if (api.delay) await new Promise((resolve) => setTimeout(resolve, api.delay))
      if (response) return response
      throw new TypeError('Failed to fetch')
    }) as typeof fetch,
  }
  const respond = (path: string, body: Partial<Record<'session_token' | 'email' | 'otp' | 'method_id', string>>): Response | undefined => {
    const replaced = api.reply?.(path)
    if (replaced) return replaced
    if (api.fail === 'offline') return undefined
    if (api.fail) {
      const type = { 401: 'unauthorized', 429: 'rate_limited' }[api.fail as number] ?? 'internal_error'
      return error(api.fail, type)
    }
    if (path === '/v1/auth/sessions/verify') {
      const token = body.session_token ?? ''
      return api.active.has(token)
        ? json(api.answer(token))
        : error(404, 'session_not_found')
    }
    if (path === '/v1/auth/sessions/delete') {
      api.active.delete(body.session_token ?? '')
      return json({ message: 'Successfully deleted session' })
    }
    if (path === '/v1/auth/otps/email/send' && body.email !== USER.email) {
      return error(404, 'user_not_found')
    }
    if (path === '/v1/auth/otps/email/login_or_create' || path === '/v1/auth/otps/email/send') {
      // Like the API: `login_or_create` creates the user for an email it does not know.
      const created = path.endsWith('/login_or_create') && body.email !== USER.email
      return json({ user_id: 'user_1', user_created: created, status: 'active', email_id: 'email_1' })
    }
    if (path === '/v1/auth/otps/verify') {
      if (body.otp === '000000') return error(410, 'otp_expired')
      if (body.otp !== api.code) return error(400, 'otp_incorrect')
      const answer = api.session()
      return json({ method_id: body.method_id, method_type: 'email', user_id: 'user_1', ...answer })
    }
    return error(404, 'not_found')
  }
  const json = (value: unknown, status = 200) =>
    new Response(JSON.stringify(value), {
      status,
      headers: {
        'content-type': 'application/json',
        ...(api.retryAfter && { 'retry-after': String(api.retryAfter) }),
      },
    })
  const error = (status: number, type: string) =>
    json(
      { status_code: status, error_type: type, error_message: `failed: ${type}`, request_id: 'req_1' },
      status,
    )
  return api
}

export type FakeApi = ReturnType<typeof fakeApi>

/** A stored session record as the client writes it. */
export const storedRecord = (answer: ReturnType<FakeApi['answer']>) => ({
  token: answer.session_token,
  jwt: answer.session_jwt,
  user: {
    id: 'user_1',
    email: 'ada@example.com',
    emails: USER.emails,
    status: 'active',
    createdAt: USER.created_at,
    updatedAt: USER.updated_at,
    metadata: {},
  },
  session: { id: 'sess_1', userId: 'user_1', startedAt: 1, expiresAt: answer.session.expires_at },
  offset: 0,
})

/** Lets every pending promise chain settle (no timers involved). */
export const flush = async (rounds = 20): Promise<void> => {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}
