import { decodeJwt } from 'jose'
import { MoonKeyAuthError } from './errors.ts'

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

/**
 * The one credential of a request's `Authorization` header, as a Fetch `Headers`
 * gives it: several header lines arrive joined by `, `. A Bearer credential never
 * contains a comma, so a comma next to a Bearer credential means several
 * credentials (two headers, or a Bearer and another scheme): which one counts is
 * ambiguous, and every entry point refuses it with `ambiguous_credentials` (400)
 * rather than picking one. No Bearer credential at all is `missing_credentials`.
 *
 * @example
 * const credential = requestCredential(request.headers.get('authorization'))
 */
export function requestCredential(authorization: string | null): string {
  const parts = authorization === null ? [] : authorization.split(',').filter((part) => part.trim() !== '')
  if (parts.length > 1 && parts.some((part) => /^\s*bearer\s/i.test(part))) {
    throw new MoonKeyAuthError('ambiguous_credentials', 'The request carries more than one credential.')
  }
  const credential = bearerCredential(authorization)
  if (credential === null) {
    throw new MoonKeyAuthError('missing_credentials', 'The request has no Authorization: Bearer credential.')
  }
  return credential
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

/**
 * The session id (`jti`) a JWT claims, without checking anything: only to tell
 * whether two credentials of one request name the same session. Undefined for
 * anything that does not decode.
 *
 * @example
 * unverifiedSessionId(cookieJwt) // 'sess_…' | undefined
 */
export function unverifiedSessionId(jwt: string): string | undefined {
  try {
    const { jti } = decodeJwt(jwt)
    return typeof jti === 'string' ? jti : undefined
  } catch {
    return undefined
  }
}

/**
 * Refuses a request whose credentials name different sessions (an
 * `Authorization` header and session cookies that disagree, or two cookies that
 * do) with `ambiguous_credentials`, like several `Authorization` headers: which
 * one counts is ambiguous. Undefined entries name no session and are skipped.
 *
 * @example
 * assertOneSession([auth.sessionId, unverifiedSessionId(cookies.jwt)])
 */
export function assertOneSession(sessionIds: Array<string | undefined>): void {
  const named = new Set(sessionIds.filter((id): id is string => id !== undefined))
  if (named.size > 1) {
    throw new MoonKeyAuthError('ambiguous_credentials', 'The request carries credentials of different sessions.')
  }
}
