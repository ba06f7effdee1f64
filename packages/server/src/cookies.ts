import { parseCookie, parseSetCookie, stringifySetCookie } from 'cookie'

/** The session JWT cookie (what the browser client writes when its `cookies` option is on). */
export const SESSION_JWT_COOKIE = 'moonkey_session'
/** The session token cookie: lets the server refresh an expired JWT. */
export const SESSION_TOKEN_COOKIE = 'moonkey_session_token'

/** The two session cookies of a request; undefined when absent or empty. */
export interface SessionCookies {
  jwt: string | undefined
  token: string | undefined
}

/**
 * The value of one cookie in a `Cookie` header, or undefined. When a name
 * appears twice (cookies of two paths or domains), the first wins, as in
 * `document.cookie`: browsers send the most specific one first (RFC 6265 §5.4).
 * `%XX` escapes are decoded and one pair of surrounding double quotes removed
 * (a quoted cookie-value, RFC 6265 §4.1.1).
 *
 * @example
 * readCookie(request.headers.get('cookie'), 'moonkey_session') // 'eyJ…' | undefined
 */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined
  const value = parseCookie(header)[name]
  if (value === undefined) return undefined
  const unquoted = value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
  return unquoted === '' ? undefined : unquoted
}

/**
 * The session cookies of a request.
 *
 * @example
 * const { jwt, token } = readSessionCookies(request.headers)
 */
export function readSessionCookies(headers: Headers): SessionCookies {
  const header = headers.get('cookie')
  return { jwt: readCookie(header, SESSION_JWT_COOKIE), token: readCookie(header, SESSION_TOKEN_COOKIE) }
}

/** What a `Set-Cookie` value for a session cookie says. */
export interface CookieToSet {
  name: string
  /** `''` for a deletion. */
  value: string
  path: '/'
  sameSite: 'lax'
  secure: boolean
  httpOnly: false
  /** Seconds; 0 deletes the cookie. */
  maxAge: number
  expires: Date
}

function sessionCookie(name: string, value: string, maxAge: number, secure: boolean, now: number): CookieToSet {
  const seconds = Math.max(0, Math.floor(maxAge))
  return {
    name,
    value: seconds === 0 ? '' : value,
    path: '/',
    sameSite: 'lax',
    secure,
    // The browser client reads and writes these cookies too (see the README on what that means).
    httpOnly: false,
    maxAge: seconds,
    expires: new Date(seconds === 0 ? 0 : now + seconds * 1000),
  }
}

/**
 * `Set-Cookie` values that store a session: the JWT and the token, both
 * expiring with the session (`expiresAt`, Unix seconds) rather than the JWT.
 * A session already expired gives deletions.
 *
 * @example
 * sessionSetCookies({ jwt, token, expiresAt: session.expiresAt, secure: true, now: Date.now() })
 */
export function sessionSetCookies(input: {
  jwt: string | undefined
  token: string
  expiresAt: number
  secure: boolean
  now: number
}): string[] {
  const maxAge = input.expiresAt - input.now / 1000
  const cookies = [sessionCookie(SESSION_TOKEN_COOKIE, input.token, maxAge, input.secure, input.now)]
  if (input.jwt !== undefined) cookies.unshift(sessionCookie(SESSION_JWT_COOKIE, input.jwt, maxAge, input.secure, input.now))
  return cookies.map(serializeCookie)
}

/**
 * `Set-Cookie` values that delete both session cookies.
 *
 * @example
 * response.headers.append('set-cookie', ...deleteSessionCookies(true))
 */
export function deleteSessionCookies(secure: boolean): string[] {
  return [SESSION_JWT_COOKIE, SESSION_TOKEN_COOKIE].map((name) => serializeCookie(sessionCookie(name, '', 0, secure, 0)))
}

/**
 * One `Set-Cookie` value. Values are percent-encoded where needed (a JWT and a
 * session token never need it).
 *
 * @example
 * serializeCookie({ name: 'moonkey_session', value: jwt, path: '/', sameSite: 'lax', secure: true, httpOnly: false, maxAge: 600, expires })
 */
export function serializeCookie(cookie: CookieToSet): string {
  return stringifySetCookie(cookie)
}

/**
 * A `Set-Cookie` value read back (the SvelteKit and Next.js helpers hand cookies
 * to their framework's own cookie API).
 *
 * @example
 * const { name, value, maxAge } = parseSetCookieValue(setCookie[0])
 */
export function parseSetCookieValue(value: string): CookieToSet {
  const parsed = parseSetCookie(value)
  const cookie = sessionCookie(parsed.name, parsed.value ?? '', parsed.maxAge ?? 0, parsed.secure === true, 0)
  return parsed.expires && cookie.maxAge > 0 ? { ...cookie, expires: parsed.expires } : cookie
}

/**
 * Whether cookies for this request should be `Secure`: the request came over
 * https, directly or through a proxy that says so (`X-Forwarded-Proto`).
 *
 * @example
 * isSecureRequest({ headers: request.headers, url: request.url })
 */
export function isSecureRequest(request: { headers: Headers; url?: string | URL | undefined }): boolean {
  const url = request.url === undefined ? '' : String(request.url)
  if (url.startsWith('https:')) return true
  const forwarded = request.headers.get('x-forwarded-proto')
  return forwarded !== null && forwarded.split(',')[0]!.trim().toLowerCase() === 'https'
}
