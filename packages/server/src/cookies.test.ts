import { describe, expect, it } from 'vitest'
import {
  deleteSessionCookies,
  isSecureRequest,
  parseSetCookieValue,
  readCookie,
  readSessionCookies,
  sessionSetCookies,
} from './cookies.ts'

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2ln-_'

describe('reading the Cookie header', () => {
  it('finds a cookie among others, with or without spaces', () => {
    expect(readCookie(`a=1; moonkey_session=${JWT}; b=2`, 'moonkey_session')).toBe(JWT)
    expect(readCookie(`a=1;moonkey_session=${JWT};b=2`, 'moonkey_session')).toBe(JWT)
    expect(readCookie(`  moonkey_session = ${JWT}  `, 'moonkey_session')).toBe(JWT)
  })

  it('absent, empty or nameless: undefined', () => {
    expect(readCookie(null, 'moonkey_session')).toBeUndefined()
    expect(readCookie('', 'moonkey_session')).toBeUndefined()
    expect(readCookie('moonkey_session=', 'moonkey_session')).toBeUndefined()
    expect(readCookie('moonkey_session=""', 'moonkey_session')).toBeUndefined()
    expect(readCookie('moonkey_session_token=x', 'moonkey_session')).toBeUndefined()
    expect(readCookie('xmoonkey_session=x', 'moonkey_session')).toBeUndefined()
    expect(readCookie('garbage;;;=;', 'moonkey_session')).toBeUndefined()
  })

  it('a duplicate name: the first wins, as in document.cookie (the most specific path comes first)', () => {
    expect(readCookie('moonkey_session=first; moonkey_session=second', 'moonkey_session')).toBe('first')
  })

  it('a quoted value loses its quotes; percent escapes are decoded, malformed ones kept', () => {
    expect(readCookie(`moonkey_session="${JWT}"`, 'moonkey_session')).toBe(JWT)
    expect(readCookie('moonkey_session="', 'moonkey_session')).toBe('"')
    expect(readCookie('theme=a%20b', 'theme')).toBe('a b')
    expect(readCookie('theme=100%', 'theme')).toBe('100%')
  })

  it('a value with = signs (base64 padding) stays whole', () => {
    expect(readCookie('other=YQ==; moonkey_session_token=session_abc', 'other')).toBe('YQ==')
  })

  it('readSessionCookies gives both session cookies', () => {
    const headers = new Headers({ cookie: `moonkey_session_token=session_abc; moonkey_session=${JWT}` })
    expect(readSessionCookies(headers)).toEqual({ jwt: JWT, token: 'session_abc' })
    expect(readSessionCookies(new Headers())).toEqual({ jwt: undefined, token: undefined })
  })
})

describe('writing Set-Cookie', () => {
  const now = Date.UTC(2026, 0, 1)
  const expiresAt = now / 1000 + 3600

  it('both cookies, Path=/, SameSite=Lax, not HttpOnly, expiring with the session', () => {
    const [jwt, token] = sessionSetCookies({ jwt: JWT, token: 'session_abc', expiresAt, secure: false, now })
    expect(jwt).toBe(`moonkey_session=${JWT}; Max-Age=3600; Path=/; Expires=Thu, 01 Jan 2026 01:00:00 GMT; SameSite=Lax`)
    expect(token).toBe('moonkey_session_token=session_abc; Max-Age=3600; Path=/; Expires=Thu, 01 Jan 2026 01:00:00 GMT; SameSite=Lax')
  })

  it('Secure when asked; only the token when there is no JWT', () => {
    const values = sessionSetCookies({ jwt: undefined, token: 'session_abc', expiresAt, secure: true, now })
    expect(values).toHaveLength(1)
    expect(values[0]).toMatch(/^moonkey_session_token=session_abc; .*; Secure; SameSite=Lax$/)
  })

  it('a session already over gives deletions', () => {
    const values = sessionSetCookies({ jwt: JWT, token: 'session_abc', expiresAt: now / 1000 - 1, secure: false, now })
    expect(values.map(parseSetCookieValue).map(({ value, maxAge }) => [value, maxAge])).toEqual([['', 0], ['', 0]])
  })

  it('deletions: empty values, Max-Age=0 and an Expires in the past', () => {
    expect(deleteSessionCookies(false)).toEqual([
      'moonkey_session=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax',
      'moonkey_session_token=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax',
    ])
  })

  it('values that need it are percent-encoded, and read back the same', () => {
    const [value] = sessionSetCookies({ jwt: 'a b;c', token: 't', expiresAt, secure: false, now })
    expect(value).toMatch(/^moonkey_session=a%20b%3Bc;/)
    expect(parseSetCookieValue(value!)).toMatchObject({ name: 'moonkey_session', value: 'a b;c', maxAge: 3600 })
    expect(readCookie(value!.split(';')[0], 'moonkey_session')).toBe('a b;c')
  })

  it('parseSetCookieValue reads what the helpers hand to frameworks', () => {
    const [value] = sessionSetCookies({ jwt: JWT, token: 't', expiresAt, secure: true, now })
    expect(parseSetCookieValue(value!)).toEqual({
      name: 'moonkey_session',
      value: JWT,
      path: '/',
      sameSite: 'lax',
      secure: true,
      httpOnly: false,
      maxAge: 3600,
      expires: new Date(now + 3600_000),
    })
  })
})

describe('isSecureRequest', () => {
  it('https directly or per X-Forwarded-Proto (its first hop)', () => {
    expect(isSecureRequest({ headers: new Headers(), url: 'https://app.example/' })).toBe(true)
    expect(isSecureRequest({ headers: new Headers(), url: new URL('http://localhost:3000/') })).toBe(false)
    expect(isSecureRequest({ headers: new Headers({ 'x-forwarded-proto': 'https' }), url: 'http://10.0.0.1/' })).toBe(true)
    expect(isSecureRequest({ headers: new Headers({ 'x-forwarded-proto': 'HTTPS, http' }) })).toBe(true)
    expect(isSecureRequest({ headers: new Headers({ 'x-forwarded-proto': 'http' }) })).toBe(false)
    expect(isSecureRequest({ headers: new Headers() })).toBe(false)
  })
})
