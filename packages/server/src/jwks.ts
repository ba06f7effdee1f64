import { createLocalJWKSet, type JSONWebKeySet, type JWK, type JWSHeaderParameters } from 'jose'
import { MoonKeyAuthError } from './errors.ts'

/** Without a `max-age`, a fetched JWKS is fresh for 10 minutes. */
export const DEFAULT_JWKS_MAX_AGE_MS = 10 * 60_000
/** `max-age` is honoured within these bounds. */
export const MIN_JWKS_MAX_AGE_MS = 5_000
export const MAX_JWKS_MAX_AGE_MS = 24 * 60 * 60_000

export interface JwksCacheOptions {
  /** Where to fetch the JWKS from, asked at each fetch (the app id may be learned later). */
  source: () => { url: string; headers: Record<string, string> }
  fetch: typeof globalThis.fetch
  timeoutMs: number
  now: () => number
  /** At most one unknown-`kid` refetch per this many milliseconds. */
  cooldownMs: number
}

export interface JwksCache {
  /** The public key for a JWS header, for `jwtVerify`. */
  getKey(header: JWSHeaderParameters): Promise<CryptoKey>
}

interface Snapshot {
  kids: Set<string>
  resolve: ReturnType<typeof createLocalJWKSet>
  /** Fresh until then (ms); afterwards refetched before use. */
  expiresAt: number
}

/**
 * Freshness from `Cache-Control` (and `Age`): `max-age` clamped to
 * [5 s, 24 h]; `no-store`/`no-cache` → 5 s; absent → 10 minutes.
 */
export function jwksMaxAge(headers: Headers): number {
  const cacheControl = headers.get('cache-control')?.toLowerCase() ?? ''
  if (/\b(no-store|no-cache)\b/.test(cacheControl)) return MIN_JWKS_MAX_AGE_MS
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/.exec(cacheControl)
  if (!match) return DEFAULT_JWKS_MAX_AGE_MS
  const age = Number(headers.get('age') ?? 0)
  const seconds = Number(match[1]) - (Number.isFinite(age) && age > 0 ? age : 0)
  return Math.min(MAX_JWKS_MAX_AGE_MS, Math.max(MIN_JWKS_MAX_AGE_MS, seconds * 1000))
}

/** Keys usable for RS256 signatures: RSA, `use` sig (or unset), `alg` RS256 (or unset), with a `kid`. */
function signingKeys(body: unknown): JWK[] {
  const keys = (body as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys)) throw new Error('no keys array')
  return keys.filter(
    (key): key is JWK =>
      typeof key === 'object' &&
      key !== null &&
      key.kty === 'RSA' &&
      typeof key.kid === 'string' &&
      (key.use === undefined || key.use === 'sig') &&
      (key.alg === undefined || key.alg === 'RS256'),
  )
}

/**
 * A JWKS cache for offline JWT checks:
 *
 * - fetched on first use, fresh for the `Cache-Control` max-age;
 * - concurrent fetches are merged into one request;
 * - an unknown `kid` (key rotation) triggers one refetch, at most once per
 *   `cooldownMs`, so a stream of forged kids cannot cause a refetch storm;
 * - if a refresh of a stale set fails, the stale keys keep verifying (they are
 *   still genuine keys) and the refresh is retried after `cooldownMs`.
 *
 * @example
 * const jwks = createJwksCache({ source: () => ({ url, headers: {} }), fetch, timeoutMs: 10_000, now: Date.now, cooldownMs: 30_000 })
 * await jwtVerify(jwt, (header) => jwks.getKey(header), { algorithms: ['RS256'] })
 */
export function createJwksCache({ source, fetch, timeoutMs, now, cooldownMs }: JwksCacheOptions): JwksCache {
  let current: Snapshot | undefined
  let pending: Promise<Snapshot> | undefined
  let lastKidRefetchAt = Number.NEGATIVE_INFINITY

  async function load(): Promise<Snapshot> {
    const { url, headers } = source()
    const path = new URL(url).pathname
    let response: Response
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', ...headers },
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch {
      throw new MoonKeyAuthError('api_unavailable', `The MoonKey JWKS could not be fetched (GET ${path}).`)
    }
    if (response.status === 404 || response.status === 401 || response.status === 403) {
      throw new MoonKeyAuthError(
        'invalid_configuration',
        `The MoonKey API has no JWKS for this app (GET ${path}: ${response.status}). Check appId, secretKey and apiUrl.`,
        { apiStatus: response.status },
      )
    }
    if (!response.ok) {
      throw new MoonKeyAuthError('api_unavailable', `The MoonKey JWKS could not be fetched (GET ${path}: ${response.status}).`, {
        apiStatus: response.status,
      })
    }
    let keys: JWK[]
    try {
      keys = signingKeys(await response.json())
    } catch {
      throw new MoonKeyAuthError('api_unavailable', `The MoonKey API answered a malformed JWKS (GET ${path}).`)
    }
    const jwks: JSONWebKeySet = { keys }
    return {
      kids: new Set(keys.map((key) => key.kid as string)),
      resolve: createLocalJWKSet(jwks),
      expiresAt: now() + jwksMaxAge(response.headers),
    }
  }

  function refresh(): Promise<Snapshot> {
    pending ??= load()
      .then((snapshot) => (current = snapshot))
      .finally(() => {
        pending = undefined
      })
    return pending
  }

  async function fresh(): Promise<Snapshot> {
    if (current && now() < current.expiresAt) return current
    const stale = current
    try {
      return await refresh()
    } catch (error) {
      if (!stale) throw error
      // Keep verifying with the keys we have; try again after the cooldown.
      stale.expiresAt = now() + cooldownMs
      return stale
    }
  }

  return {
    async getKey(header) {
      const kid = header.kid
      if (typeof kid !== 'string' || kid === '') {
        throw new MoonKeyAuthError('invalid_token', 'The session JWT has no key id (kid).')
      }
      let snapshot = await fresh()
      if (!snapshot.kids.has(kid)) {
        if (pending) {
          snapshot = await pending
        } else if (now() - lastKidRefetchAt >= cooldownMs) {
          lastKidRefetchAt = now()
          snapshot = await refresh()
        }
        if (!snapshot.kids.has(kid)) {
          throw new MoonKeyAuthError('invalid_token', 'The session JWT was signed by an unknown key.')
        }
      }
      return snapshot.resolve(header)
    },
  }
}
