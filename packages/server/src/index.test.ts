import { describe, expect, it } from 'vitest'
import * as main from './index.ts'
import * as expressEntry from './express.ts'
import * as honoEntry from './hono.ts'
import * as nextEntry from './next.ts'
import * as sveltekitEntry from './sveltekit.ts'
import { authErrorResponse, MoonKeyAuthError, redact } from './errors.ts'
import { bearerCredential, looksLikeJwt } from './credentials.ts'

describe('exports', () => {
  it('lists exactly the public API', () => {
    expect(Object.keys(main).sort()).toEqual([
      'MoonKeyAuthError',
      'authErrorResponse',
      'bearerCredential',
      'createMoonKeyServer',
      'isMoonKeyAuthError',
      'looksLikeJwt',
    ])
    expect(Object.keys(expressEntry)).toEqual(['requireSession'])
    expect(Object.keys(honoEntry)).toEqual(['requireSession'])
    expect(Object.keys(nextEntry).sort()).toEqual(['auth', 'moonkeyMiddleware'])
    expect(Object.keys(sveltekitEntry)).toEqual(['moonkeyHandle'])
  })
})

describe('errors', () => {
  it('maps codes to HTTP answers: 401 for the caller, 503 for the API', () => {
    const answer = (code: ConstructorParameters<typeof MoonKeyAuthError>[0]) => {
      const { status, body } = authErrorResponse(new MoonKeyAuthError(code, 'x'))
      return [status, body.error]
    }
    expect(answer('missing_credentials')).toEqual([401, 'Missing authorization header'])
    expect(answer('invalid_token')).toEqual([401, 'Invalid session'])
    expect(answer('token_expired')).toEqual([401, 'Invalid session'])
    expect(answer('session_not_found')).toEqual([401, 'Invalid session'])
    expect(answer('api_unavailable')).toEqual([503, 'MoonKey API unavailable'])
    expect(answer('invalid_configuration')).toEqual([500, 'Authentication failed'])
  })

  it('redacts secret keys, session tokens and JWTs from messages', () => {
    const message = redact('sk_live_abcDEF123 session_aaaaaaaaaaaaaaaaaaaaaaaa eyJhbGci.eyJzdWIi.c2ln')
    expect(message).toBe('sk_[redacted] [redacted] [redacted]')
    expect(new MoonKeyAuthError('invalid_request', 'key sk_test_secret').message).toBe('key sk_[redacted]')
  })
})

describe('credentials', () => {
  it('reads a Bearer credential', () => {
    expect(bearerCredential('Bearer abc')).toBe('abc')
    expect(bearerCredential('bearer   abc  ')).toBe('abc')
    expect(bearerCredential('Basic abc')).toBeNull()
    expect(bearerCredential('Bearer ')).toBeNull()
    expect(bearerCredential('Bearer a b')).toBeNull()
    expect(bearerCredential(null)).toBeNull()
  })

  it('tells a JWT from a session token by shape', () => {
    expect(looksLikeJwt('eyJh.eyJz.sig')).toBe(true)
    expect(looksLikeJwt('eyJh.eyJz.')).toBe(true)
    expect(looksLikeJwt('session_abcdef')).toBe(false)
    expect(looksLikeJwt('a.b')).toBe(false)
  })
})

describe('edge runtimes', () => {
  it('the main, Hono, Next.js and SvelteKit entries use no Node built-ins (fetch and WebCrypto only)', async () => {
    const { readdir, readFile } = await import('node:fs/promises')
    const dir = new URL('.', import.meta.url)
    const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'express.ts')
    expect(files).toEqual(expect.arrayContaining(['hono.ts', 'next.ts', 'sveltekit.ts', 'cookies.ts']))
    for (const file of files) {
      const source = await readFile(new URL(file, dir), 'utf8')
      expect(source, file).not.toMatch(/from ['"]node:|\brequire\(|\bBuffer\b/)
    }
  })
})
