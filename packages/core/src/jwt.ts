/** The claims the client reads from a session JWT. */
export interface JwtClaims {
  /** Issued at, Unix seconds (server clock). */
  iat: number
  /** Expires at, Unix seconds (server clock). */
  exp: number
  /** The user id. */
  sub?: unknown
  /** The session id. */
  jti?: unknown
  session?: { id?: unknown; user_id?: unknown }
}

/**
 * Reads the payload of a JWT without verifying it (the client only needs
 * `iat` and `exp` to schedule refreshes, and `sub` and `jti` to check whose
 * it is; the backend verifies signatures). Returns `null` for anything that
 * is not a JWT with numeric `iat` and `exp`.
 *
 * @example
 * decodeJwt(sessionJwt)?.exp // 1700000300
 */
export const decodeJwt = (jwt: unknown): JwtClaims | null => {
  try {
    const part = (jwt as string).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')
    const claims = JSON.parse(atob(part))
    return typeof claims.iat === 'number' && typeof claims.exp === 'number' ? claims : null
  } catch {
    return null
  }
}
