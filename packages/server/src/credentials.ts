/**
 * The credential of an `Authorization: Bearer <credential>` header, or null
 * when the header is missing, uses another scheme, or is empty. The scheme is
 * case-insensitive (RFC 7235).
 *
 * @example
 * bearerCredential(request.headers.get('authorization')) // 'session_…' | 'eyJ…' | null
 */
export function bearerCredential(header: string | null | undefined): string | null {
  if (typeof header !== 'string') return null
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1] ?? null
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/**
 * Whether a credential is shaped like a JWT (three base64url parts) rather
 * than an opaque session token (`session_…`, no dots). Shape only: nothing is
 * verified.
 *
 * @example
 * looksLikeJwt('eyJhbGciOi….eyJzdWIiOi….c2lnbmF0dXJl') // true
 * looksLikeJwt('session_3kTq…') // false
 */
export function looksLikeJwt(credential: string): boolean {
  return JWT_SHAPE.test(credential)
}
