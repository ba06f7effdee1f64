import { base64url } from 'jose'
import { deleteSessionCookies, isSecureRequest, readSessionCookies, sessionSetCookies, type SessionCookies } from './cookies.ts'
import { assertOneSession, unverifiedSessionId } from './credentials.ts'
import { isMoonKeyAuthError, MoonKeyAuthError } from './errors.ts'
import { createMemo } from './memo.ts'
import type {
  CookieRequest,
  GetAuthOptions,
  GetAuthResult,
  MoonKeyUser,
  RefreshedSession,
  ServerAuth,
  VerifiedSessionJwt,
} from './types.ts'

/** A burst of requests that all carried the same expired JWT gets the same new one. */
const REFRESH_MEMO_MS = 10_000
/** Users are re-read at most this often per process (SSR greets by email). */
const USER_TTL_MS = 30_000
const MAX_ENTRIES = 1_000

export interface GetAuthDependencies {
  verifySessionJwt(jwt: string): Promise<VerifiedSessionJwt>
  /** `POST /v1/auth/sessions/verify` with the token: the session, its user, and a new JWT. */
  refreshSession(token: string): Promise<RefreshedSession>
  getUser(userId: string): Promise<MoonKeyUser>
  now: () => number
}

/** What a request's session cookies amount to. */
export type CookieSession =
  /** A valid JWT cookie, checked offline. */
  | { kind: 'jwt'; verified: VerifiedSessionJwt }
  /** The token cookie was checked with the API, which issued a new JWT. */
  | { kind: 'refreshed'; refreshed: RefreshedSession; token: string }
  /** Nobody, and the cookies should go (revoked session, forged or mismatched cookies). */
  | { kind: 'gone'; error: MoonKeyAuthError }
  /** Nobody, but the cookies stay (an expired JWT and no token: the browser refreshes it). */
  | { kind: 'none'; error: MoonKeyAuthError }

/** Errors that mean "this credential names no live session" rather than "cannot tell now". */
const REFUSALS = new Set(['invalid_token', 'token_expired', 'session_not_found', 'missing_credentials'])
export const isRefusal = (error: unknown): error is MoonKeyAuthError => isMoonKeyAuthError(error) && REFUSALS.has(error.code)

async function tokenKey(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return base64url.encode(new Uint8Array(digest))
}

/**
 * Session cookies → who is logged in, for `getAuth()` and `authenticateRequest()`.
 * The JWT cookie is checked offline; the token cookie is used (one API call per
 * session, shared by concurrent requests and memoised for a few seconds) only
 * when the JWT is missing, expired or not genuine. An API outage throws
 * `api_unavailable`: nobody is logged out because the API is down.
 *
 * @example
 * const { getAuth } = createCookieAuth({ verifySessionJwt, refreshSession, getUser, now: Date.now })
 * const { auth, setCookie } = await getAuth(request)
 */
export function createCookieAuth(deps: GetAuthDependencies) {
  const refreshes = createMemo<RefreshedSession>({ ttlMs: REFRESH_MEMO_MS, maxEntries: MAX_ENTRIES, now: deps.now })
  const users = createMemo<MoonKeyUser>({ ttlMs: USER_TTL_MS, maxEntries: MAX_ENTRIES, now: deps.now })

  async function refresh(token: string): Promise<RefreshedSession> {
    const refreshed = await refreshes.get(await tokenKey(token), () => deps.refreshSession(token))
    users.set(refreshed.user.id, refreshed.user)
    return refreshed
  }

  async function resolveCookies({ jwt, token }: SessionCookies): Promise<CookieSession> {
    /** The session an expired (but genuine) JWT named: the token must name the same. */
    let expiredSessionId: string | undefined
    let jwtError: MoonKeyAuthError | undefined
    if (jwt !== undefined) {
      try {
        return { kind: 'jwt', verified: await deps.verifySessionJwt(jwt) }
      } catch (error) {
        if (!isRefusal(error)) throw error
        jwtError = error
        // jose checks the signature before `exp`: an expired JWT is genuine.
        if (error.code === 'token_expired') expiredSessionId = unverifiedSessionId(jwt)
      }
    }
    if (token === undefined) {
      const error = jwtError ?? new MoonKeyAuthError('missing_credentials', 'The request has no session cookie.')
      return error.code === 'token_expired' ? { kind: 'none', error } : { kind: 'gone', error }
    }
    let refreshed: RefreshedSession
    try {
      refreshed = await refresh(token)
    } catch (error) {
      if (!isRefusal(error)) throw error
      return { kind: 'gone', error }
    }
    try {
      assertOneSession([expiredSessionId, refreshed.session.id])
    } catch (error) {
      return { kind: 'gone', error: error as MoonKeyAuthError }
    }
    return { kind: 'refreshed', refreshed, token: refreshed.sessionToken ?? token }
  }

  async function cachedUser(userId: string): Promise<MoonKeyUser | null> {
    try {
      return await users.get(userId, () => deps.getUser(userId))
    } catch (error) {
      // The session is valid offline: a user the API cannot give now is only left out.
      if (isMoonKeyAuthError(error) && (error.code === 'api_unavailable' || error.code === 'user_not_found')) return null
      throw error
    }
  }

  async function getAuth(request: CookieRequest, options: GetAuthOptions = {}): Promise<GetAuthResult> {
    const cookies = readSessionCookies(request.headers)
    if (cookies.jwt === undefined && cookies.token === undefined) return { auth: null, setCookie: [] }
    const secure = isSecureRequest(request)
    const result = await resolveCookies(cookies)
    switch (result.kind) {
      case 'none':
        return { auth: null, setCookie: [] }
      case 'gone':
        return { auth: null, setCookie: deleteSessionCookies(secure) }
      case 'jwt': {
        const { userId, sessionId, session } = result.verified
        const user = options.user === false ? null : await cachedUser(userId)
        return { auth: { userId, sessionId, session, user } satisfies ServerAuth, setCookie: [] }
      }
      case 'refreshed': {
        const { user, session, sessionJwt } = result.refreshed
        const setCookie = sessionSetCookies({ jwt: sessionJwt, token: result.token, expiresAt: session.expiresAt, secure, now: deps.now() })
        return { auth: { userId: user.id, sessionId: session.id, session, user }, setCookie }
      }
    }
  }

  return { getAuth, resolveCookies, refresh }
}
