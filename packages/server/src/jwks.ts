import { importJWK, type JWK, type JWSHeaderParameters } from 'jose'
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
  /**
   * The public key for a JWS header, for `jwtVerify`. A key already imported from
   * the cached set comes back synchronously (the hot path has no await of its own);
   * otherwise a promise.
   */
  getKey(header: JWSHeaderParameters): CryptoKey | Promise<CryptoKey>
  /**
   * The imported key for `kid` if the cached set has one ready, else undefined
   * (then use `getKey`). Like `getKey`, a stale set starts a background refresh.
   */
  cachedKey(kid: string): CryptoKey | undefined
}

interface Snapshot {
  /** The set's signing keys by `kid` (the first one wins if a kid repeats). */
  jwks: Map<string, JWK>
  /** Keys imported into WebCrypto so far, by `kid`. */
  imported: Map<string, CryptoKey>
  importing: Map<string, Promise<CryptoKey>>
  /** Fresh until then (ms); afterwards served while a refresh runs in the background. */
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
 * - stale-while-revalidate: once stale, the cached keys keep answering at once
 *   while one refresh runs in the background, so a slow or hanging JWKS host never
 *   delays a JWT signed by a known key; if that refresh fails, the next one is
 *   tried after `cooldownMs`;
 * - an unknown `kid` (key rotation) waits for a refresh (at most `timeoutMs`),
 *   triggering one at most once per `cooldownMs`, so a stream of forged kids
 *   cannot cause a refetch storm.
 *
 * @example
 * const jwks = createJwksCache({ source: () => ({ url, headers: {} }), fetch, timeoutMs: 10_000, now: Date.now, cooldownMs: 30_000 })
 * await jwtVerify(jwt, jwks.getKey, { algorithms: ['RS256'] })
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
    const jwks = new Map<string, JWK>()
    for (const key of keys) if (!jwks.has(key.kid!)) jwks.set(key.kid!, key)
    // Keys already imported stay imported when the set still has them unchanged.
    const imported = new Map<string, CryptoKey>()
    for (const [kid, key] of current?.imported ?? []) {
      const [was, is] = [current!.jwks.get(kid), jwks.get(kid)]
      if (is && was && is.n === was.n && is.e === was.e) imported.set(kid, key)
    }
    return { jwks, imported, importing: new Map(), expiresAt: now() + jwksMaxAge(response.headers) }
  }

  function refresh(): Promise<Snapshot> {
    pending ??= load()
      .then((snapshot) => (current = snapshot))
      .finally(() => {
        pending = undefined
      })
    return pending
  }

  /** A refresh nobody waits for; a failure keeps the stale keys and retries after the cooldown. */
  function revalidate(stale: Snapshot): void {
    if (pending) return
    refresh().catch(() => {
      stale.expiresAt = now() + cooldownMs
    })
  }

  function importKey(snapshot: Snapshot, kid: string): Promise<CryptoKey> {
    let importing = snapshot.importing.get(kid)
    if (!importing) {
      importing = (importJWK(snapshot.jwks.get(kid)!, 'RS256') as Promise<CryptoKey>).then(
        (key) => {
          snapshot.imported.set(kid, key)
          return key
        },
        () => {
          snapshot.importing.delete(kid)
          throw new MoonKeyAuthError('invalid_token', 'The JWKS key for this session JWT is not usable.')
        },
      )
      snapshot.importing.set(kid, importing)
    }
    return importing
  }

  /** No cached set yet, or a `kid` the cached set lacks: wait for a (rate-limited) refresh. */
  async function awaitKey(kid: string): Promise<CryptoKey> {
    let snapshot: Snapshot
    if (!current) snapshot = await refresh()
    else if (pending) snapshot = await pending
    else if (now() - lastKidRefetchAt >= cooldownMs) {
      lastKidRefetchAt = now()
      snapshot = await refresh()
    } else snapshot = current
    if (!snapshot.jwks.has(kid)) {
      throw new MoonKeyAuthError('invalid_token', 'The session JWT was signed by an unknown key.')
    }
    return snapshot.imported.get(kid) ?? importKey(snapshot, kid)
  }

  return {
    cachedKey(kid) {
      const snapshot = current
      if (!snapshot) return undefined
      if (now() >= snapshot.expiresAt) revalidate(snapshot)
      return snapshot.imported.get(kid)
    },

    getKey(header) {
      const kid = header.kid
      if (typeof kid !== 'string' || kid === '') {
        return Promise.reject(new MoonKeyAuthError('invalid_token', 'The session JWT has no key id (kid).'))
      }
      const snapshot = current
      if (!snapshot) return awaitKey(kid)
      if (now() >= snapshot.expiresAt) revalidate(snapshot)
      const key = snapshot.imported.get(kid)
      if (key) return key
      return snapshot.jwks.has(kid) ? importKey(snapshot, kid) : awaitKey(kid)
    },
  }
}
