import { createApi } from './api.ts'
import { readSessionCookies } from './cookies.ts'
import { assertOneSession, looksLikeJwt, requestCredential, unverifiedSessionId } from './credentials.ts'
import { isMoonKeyAuthError, MoonKeyAuthError } from './errors.ts'
import { createCookieAuth, isRefusal } from './get-auth.ts'
import { createJwksCache } from './jwks.ts'
import { toSession, toUser } from './objects.ts'
import type {
  DeleteSessionInput,
  MoonKeyServer,
  MoonKeyServerOptions,
  RefreshedSession,
  RequestAuth,
  VerifiedSession,
  VerifiedSessionJwt,
} from './types.ts'
import { verifyJwt, type VerifyJwtOptions } from './verify-jwt.ts'

/** The real MoonKey API. */
export const DEFAULT_API_URL = 'https://api.moonkey.fun'
/** `iss` is `{issuer host}/{app id}`. */
export const DEFAULT_ISSUER_HOST = 'moonkey.fun'

const configError = (message: string): MoonKeyAuthError => new MoonKeyAuthError('invalid_configuration', message)

function normalizeApiUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw configError('apiUrl is not a valid URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw configError('apiUrl must be an http(s) URL.')
  if (url.username || url.password || url.search || url.hash) {
    throw configError('apiUrl must not carry credentials, a query or a fragment.')
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function checkSecretKey(secretKey: unknown): asserts secretKey is string {
  if (typeof secretKey !== 'string' || secretKey.trim() === '') {
    throw configError('secretKey is missing: pass your MoonKey secret key (e.g. process.env.MOONKEY_SECRET_KEY).')
  }
  if (secretKey.startsWith('pk_')) {
    throw configError('secretKey is a publishable key (pk_…): the backend needs the secret key (sk_…).')
  }
}

function nonEmpty(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new MoonKeyAuthError('invalid_request', `${what} must be a non-empty string.`)
  }
  return value
}

/**
 * Creates the server-side MoonKey client for one app. Node 18+, Deno, Bun,
 * Cloudflare Workers, Vercel Edge: it needs only `fetch` and WebCrypto.
 *
 * Never throws: a missing or publishable key, a bad `apiUrl` or `appId` make
 * every call reject with the same `invalid_configuration` error instead, so the
 * instance can live at module scope in files a build step imports without the
 * environment (`next build`, SvelteKit's analyse step).
 *
 * @example
 * import { createMoonKeyServer } from '@moon-key/server'
 *
 * const moonkey = createMoonKeyServer({
 *   secretKey: process.env.MOONKEY_SECRET_KEY!,
 *   appId: process.env.MOONKEY_APP_ID, // recommended: JWT checks stay fully offline
 * })
 * const { userId, via } = await moonkey.authenticateRequest(request)
 */
export function createMoonKeyServer(options: MoonKeyServerOptions): MoonKeyServer {
  try {
    return configuredServer(options ?? ({} as MoonKeyServerOptions))
  } catch (error) {
    if (!isMoonKeyAuthError(error)) throw error
    return unconfigured(error)
  }
}

/** A server whose configuration is wrong: every call rejects with that error. */
function unconfigured(error: MoonKeyAuthError): MoonKeyServer {
  const reject = (): Promise<never> => Promise.reject(error)
  return {
    verifySession: reject,
    verifySessionJwt: reject,
    authenticateRequest: reject,
    getAuth: reject,
    deleteSession: reject,
    getUser: reject,
    listSessions: reject,
  }
}

/** The client for a checked configuration; throws `invalid_configuration` otherwise. */
function configuredServer(options: MoonKeyServerOptions): MoonKeyServer {
  const { secretKey } = options
  checkSecretKey(secretKey)
  const apiUrl = normalizeApiUrl(options.apiUrl ?? DEFAULT_API_URL)
  if (options.appId !== undefined && (typeof options.appId !== 'string' || !/^[\w-]+$/.test(options.appId))) {
    throw configError('appId must look like app_….')
  }
  const clockToleranceSeconds = options.clockToleranceSeconds ?? 5
  if (!(clockToleranceSeconds >= 0)) throw configError('clockToleranceSeconds must be a number ≥ 0.')
  const timeoutMs = options.timeoutMs ?? 10_000
  const now = options.now ?? Date.now
  // Looked up at call time: edge runtimes dislike a detached `fetch`.
  const fetch: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const api = createApi({ apiUrl, secretKey, fetch, timeoutMs })

  /** The app id and issuer JWTs must carry: configured, or learned once (see `appId`). */
  let expected: { appId: string; issuer: string } | undefined =
    options.appId === undefined
      ? undefined
      : { appId: options.appId, issuer: options.issuer ?? `${DEFAULT_ISSUER_HOST}/${options.appId}` }

  const jwks = createJwksCache({
    source: (): { url: string; headers: Record<string, string> } =>
      expected
        ? { url: `${apiUrl}/v1/auth/jwks/${encodeURIComponent(expected.appId)}`, headers: {} }
        : { url: `${apiUrl}/v1/auth/jwks/default`, headers: { Authorization: `Bearer ${secretKey}` } },
    fetch,
    timeoutMs,
    now,
    cooldownMs: options.jwksCooldownMs ?? 30_000,
  })
  const { getKey, cachedKey } = jwks

  async function refreshSession(sessionToken: string): Promise<RefreshedSession> {
    if (typeof sessionToken !== 'string' || sessionToken.trim() === '') {
      throw new MoonKeyAuthError('missing_credentials', 'No session token was given.')
    }
    const { json } = await api({
      method: 'POST',
      path: '/v1/auth/sessions/verify',
      body: { session_token: sessionToken },
      onBadRequest: 'invalid_token',
    })
    const body = json as { user?: unknown; session?: unknown; session_jwt?: unknown; session_token?: unknown }
    return {
      user: toUser(body.user),
      session: toSession(body.session),
      sessionJwt: typeof body.session_jwt === 'string' && looksLikeJwt(body.session_jwt) ? body.session_jwt : undefined,
      sessionToken: typeof body.session_token === 'string' && body.session_token !== '' ? body.session_token : undefined,
    }
  }

  async function verifySession(sessionToken: string): Promise<VerifiedSession> {
    const { user, session } = await refreshSession(sessionToken)
    return { user, session }
  }

  /** The options of every offline check once the app id is known (built once, not per call). */
  let knownApp: VerifyJwtOptions | undefined
  const knownAppOptions = (app: { appId: string; issuer: string }): VerifyJwtOptions =>
    (knownApp ??= { getKey, cachedKey, issuer: app.issuer, audience: app.appId, clockToleranceSeconds, now })

  function verifySessionJwt(sessionJwt: string): Promise<VerifiedSessionJwt> {
    return expected ? verifyJwt(sessionJwt, knownAppOptions(expected)) : learnAppAndVerify(sessionJwt)
  }

  async function learnAppAndVerify(sessionJwt: string): Promise<VerifiedSessionJwt> {
    // No app id configured: the signature is checked against this app's own
    // JWKS (fetched with the secret key), then the API confirms the token once
    // and its `aud`/`iss` are pinned for every later token.
    const result = await verifyJwt(sessionJwt, {
      getKey,
      cachedKey,
      issuer: options.issuer,
      audience: undefined,
      clockToleranceSeconds,
      now,
    })
    const { aud, iss } = result.claims
    if (typeof aud !== 'string') throw new MoonKeyAuthError('invalid_token', 'The session JWT must have exactly one audience.')
    if (!expected) {
      await api({ method: 'POST', path: '/v1/auth/sessions/verify', body: { session_jwt: sessionJwt }, onBadRequest: 'invalid_token' })
      expected ??= { appId: aud, issuer: iss }
    }
    if (aud !== expected.appId || iss !== expected.issuer) {
      throw new MoonKeyAuthError('invalid_token', 'The session JWT was issued for another app.')
    }
    return result
  }

  const cookieAuth = createCookieAuth({
    verifySessionJwt,
    refreshSession,
    getUser: (userId) => server.getUser(userId),
    now,
  })

  async function authenticateCredential(credential: string): Promise<RequestAuth> {
    if (looksLikeJwt(credential)) {
      return { via: 'session_jwt', ...(await verifySessionJwt(credential)) } satisfies RequestAuth
    }
    const { user, session } = await verifySession(credential)
    return { via: 'session_token', userId: user.id, sessionId: session.id, user, session } satisfies RequestAuth
  }

  const server: MoonKeyServer = {
    verifySession,
    verifySessionJwt,

    async authenticateRequest(request) {
      const authorization = request.headers.get('authorization')
      const cookies = readSessionCookies(request.headers)
      if (cookies.jwt === undefined && cookies.token === undefined) {
        return authenticateCredential(requestCredential(authorization))
      }
      if (authorization !== null && /(?:^|,)\s*bearer\s/i.test(authorization)) {
        // A Bearer header and cookies: both must name one session.
        const credential = requestCredential(authorization)
        const auth = await authenticateCredential(credential)
        const named: Array<string | undefined> = [auth.sessionId]
        if (cookies.jwt !== undefined) named.push(unverifiedSessionId(cookies.jwt))
        if (cookies.token !== undefined && cookies.token !== credential) {
          if (!looksLikeJwt(credential)) named.push('(another session token)')
          else if (named[1] === undefined) {
            // Only a token cookie next to a JWT header: the API says whose it is.
            const tokenSession = await cookieAuth.refresh(cookies.token).then(
              (refreshed) => refreshed.session.id,
              (error: unknown) => {
                if (isRefusal(error)) return '(no live session)'
                throw error
              },
            )
            named.push(tokenSession)
          }
        }
        assertOneSession(named)
        return auth
      }
      const result = await cookieAuth.resolveCookies(cookies)
      switch (result.kind) {
        case 'jwt':
          return { via: 'session_jwt', ...result.verified }
        case 'refreshed': {
          const { user, session } = result.refreshed
          return { via: 'session_token', userId: user.id, sessionId: session.id, user, session }
        }
        default:
          throw result.error
      }
    },

    getAuth: cookieAuth.getAuth,

    async deleteSession(input: DeleteSessionInput) {
      const given = Object.entries(input ?? {}).filter(
        ([name, value]) => ['sessionToken', 'sessionJwt', 'sessionId'].includes(name) && value !== undefined,
      )
      if (given.length !== 1) {
        throw new MoonKeyAuthError('invalid_request', 'deleteSession needs exactly one of sessionToken, sessionJwt, sessionId.')
      }
      const [name, value] = given[0] as [string, unknown]
      if (typeof value !== 'string' || value.trim() === '') {
        throw new MoonKeyAuthError('missing_credentials', `deleteSession got an empty ${name}.`)
      }
      const field = { sessionToken: 'session_token', sessionJwt: 'session_jwt', sessionId: 'session_id' }[name]!
      await api({ method: 'DELETE', path: '/v1/auth/sessions/delete', body: { [field]: value }, onBadRequest: 'invalid_token' })
    },

    async getUser(userId) {
      const id = nonEmpty(userId, 'userId')
      const { json } = await api({ method: 'GET', path: `/v1/auth/users/${encodeURIComponent(id)}` })
      return toUser(json)
    },

    async listSessions(userId) {
      const id = nonEmpty(userId, 'userId')
      const { json } = await api({ method: 'GET', path: `/v1/auth/sessions/list?user_id=${encodeURIComponent(id)}` })
      const sessions = (json as { sessions?: unknown }).sessions
      if (!Array.isArray(sessions)) throw new MoonKeyAuthError('api_unavailable', 'The MoonKey API answered a malformed session list.')
      return sessions.map(toSession)
    },
  }
  return server
}
