import type { JWTPayload } from 'jose'

/** An email address of a {@link MoonKeyUser}. */
export interface UserEmail {
  id: string
  email: string
  verified: boolean
}

/** A wallet the user logged in with (Sign-In with Ethereum / Solana). */
export interface UserWallet {
  /** Ethereum: EIP-55 checksummed `0x…`; Solana: base58. */
  address: string
  chainType: 'ethereum' | 'solana'
  /** Unix seconds of its first login; null before any. */
  verifiedAt: number | null
}

/** A MoonKey user. Times are Unix seconds, as the API sends them. */
export interface MoonKeyUser {
  id: string
  /** `''` for a user who only ever logged in with a wallet. */
  email: string
  emails: UserEmail[]
  /** The first of `wallets`, or null. */
  wallet: UserWallet | null
  wallets: UserWallet[]
  status: string
  metadata: Record<string, unknown>
  createdAt: number
  updatedAt: number
}

/** How a session was authenticated (an email one-time code, or a wallet signature). */
export interface SessionFactor {
  type: string
  deliveryChannel: string
  method: {
    methodId: string
    methodType: string
    email?: string
    /** Wallet factors: the wallet's address and chain. */
    address?: string
    chainType?: string
    lastVerifiedAt: number
  }
}

/** The device a session started on (API answers only, not in the JWT). */
export interface DeviceFingerprint {
  userAgent: string
  ip: string
}

/** A MoonKey session. Times are Unix seconds (MoonKey's clock). */
export interface MoonKeySession {
  id: string
  userId: string
  startedAt: number
  expiresAt: number
  lastActiveAt: number
  factors: SessionFactor[]
  /** Present when the session came from the API; a session JWT does not carry it. */
  deviceFingerprint?: DeviceFingerprint
}

/** The claims of a MoonKey session JWT, as signed (snake_case `session`). */
export interface SessionJwtClaims extends JWTPayload {
  iss: string
  aud: string | string[]
  /** The user id. */
  sub: string
  /** The session id. */
  jti: string
  iat: number
  exp: number
  session: Record<string, unknown>
}

/** What {@link MoonKeyServer.verifySession} resolves to. */
export interface VerifiedSession {
  user: MoonKeyUser
  session: MoonKeySession
}

/** What {@link MoonKeyServer.verifySessionJwt} resolves to. */
export interface VerifiedSessionJwt {
  userId: string
  sessionId: string
  session: MoonKeySession
  claims: SessionJwtClaims
}

/**
 * What {@link MoonKeyServer.authenticateRequest} resolves to (and what the
 * middlewares put on `req.moonkey` / `c.get('moonkey')`). `via` tells which
 * credential the caller sent: a session token is checked with the API (and
 * `user` is known), a session JWT offline (and `claims` are known).
 */
export type RequestAuth =
  | ({ via: 'session_token'; userId: string; sessionId: string } & VerifiedSession)
  | ({ via: 'session_jwt' } & VerifiedSessionJwt)

/**
 * Who is logged in, as `getAuth()` (and the Next.js `auth()`, SvelteKit
 * `event.locals.auth`) tell it from the session cookies.
 */
export interface ServerAuth {
  userId: string
  sessionId: string
  session: MoonKeySession
  /** The user (from a 30-second per-process cache); null with `{ user: false }` or when the API cannot give it now. */
  user: MoonKeyUser | null
}

export interface GetAuthOptions {
  /** Fill `auth.user` (default true). `false` skips the user look-up on the offline path. */
  user?: boolean
}

/** What {@link MoonKeyServer.getAuth} resolves to. */
export interface GetAuthResult {
  auth: ServerAuth | null
  /** `Set-Cookie` values to send with the response: a refreshed JWT, or deletions. Often empty. */
  setCookie: string[]
}

/** A request as `getAuth()` reads it; `url` (or `X-Forwarded-Proto`) tells whether cookies are `Secure`. */
export interface CookieRequest {
  headers: Headers
  url?: string | URL | undefined
}

/** What the API's verify answer gives a server refreshing a session. */
export interface RefreshedSession extends VerifiedSession {
  /** The new 5-minute session JWT (undefined if the API sent none). */
  sessionJwt: string | undefined
  sessionToken: string | undefined
}

/** Exactly one way to name the session to delete. */
export type DeleteSessionInput =
  | { sessionToken: string; sessionJwt?: never; sessionId?: never }
  | { sessionJwt: string; sessionToken?: never; sessionId?: never }
  | { sessionId: string; sessionToken?: never; sessionJwt?: never }

export interface MoonKeyServerOptions {
  /** `sk_test_…` or `sk_live_…`. Stays in your backend; never sent anywhere but the `Authorization` header. */
  secretKey: string
  /** Default `https://api.moonkey.fun`. Point it at the emulator in development. */
  apiUrl?: string
  /**
   * Your app id (`app_…`). Recommended. With it, the JWKS comes from the public
   * `/v1/auth/jwks/{appId}` and JWT checks never call the API. Without it, the
   * JWKS comes from `/v1/auth/jwks/default` (secret key in the header) and the
   * app id is learned from the first session JWT that the API itself confirms
   * (one API call per process), then pinned.
   */
  appId?: string
  /** Expected `iss` of session JWTs. Default `moonkey.fun/{appId}`. */
  issuer?: string
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. Default 5. */
  clockToleranceSeconds?: number
  /** Milliseconds before an API call fails with `api_unavailable`. Default 10 000. */
  timeoutMs?: number
  /**
   * After an unknown `kid` made the JWKS be refetched and the key still was not
   * there, unknown kids are rejected without a fetch for this long. Default 30 000.
   */
  jwksCooldownMs?: number
  /** Replaces the global `fetch` (tests, proxies, instrumented clients). */
  fetch?: typeof globalThis.fetch
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number
}

export interface MoonKeyServer {
  /**
   * Checks an opaque session token with the MoonKey API: revocation is seen at once.
   *
   * @example
   * const { user, session } = await moonkey.verifySession(sessionToken)
   */
  verifySession(sessionToken: string): Promise<VerifiedSession>
  /**
   * Checks a session JWT offline with the cached JWKS: no API call; a revoked
   * session's JWT keeps verifying until its `exp` (at most 5 minutes).
   *
   * @example
   * const { userId, sessionId } = await moonkey.verifySessionJwt(sessionJwt)
   */
  verifySessionJwt(sessionJwt: string): Promise<VerifiedSessionJwt>
  /**
   * Reads `Authorization: Bearer …` from a Fetch `Request`, tells a JWT from a
   * token, and verifies it (JWT offline, token with the API). Without that
   * header, the session cookies count instead (as in `getAuth()`); a header and
   * cookies that name different sessions are refused (`ambiguous_credentials`).
   *
   * @example
   * const { userId, via } = await moonkey.authenticateRequest(request)
   */
  authenticateRequest(request: { headers: Headers }): Promise<RequestAuth>
  /**
   * Who is logged in, from the session cookies (`moonkey_session`,
   * `moonkey_session_token`) that the browser client writes with its `cookies`
   * option. The JWT cookie is checked offline; when it has expired, the token
   * cookie refreshes it with the API (one call per session, shared by
   * concurrent requests) and `setCookie` carries the new JWT. A revoked
   * session, forged or mismatched cookies give `auth: null` and deletions. An
   * API outage rejects with `api_unavailable` (nobody is logged out by it).
   *
   * @example
   * const { auth, setCookie } = await moonkey.getAuth(request)
   * const response = auth ? Response.json({ email: auth.user?.email }) : new Response(null, { status: 401 })
   * for (const cookie of setCookie) response.headers.append('Set-Cookie', cookie)
   */
  getAuth(request: CookieRequest, options?: GetAuthOptions): Promise<GetAuthResult>
  /**
   * Revokes a session (idempotent). Exactly one of the three keys.
   *
   * @example
   * await moonkey.deleteSession({ sessionToken })
   */
  deleteSession(input: DeleteSessionInput): Promise<void>
  /**
   * A user by id (`user_not_found` if unknown).
   *
   * @example
   * const { email } = await moonkey.getUser(userId)
   */
  getUser(userId: string): Promise<MoonKeyUser>
  /**
   * The user's active sessions.
   *
   * @example
   * const devices = (await moonkey.listSessions(userId)).map((s) => s.deviceFingerprint?.userAgent)
   */
  listSessions(userId: string): Promise<MoonKeySession[]>
}
