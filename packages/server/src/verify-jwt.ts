import { base64url, errors, jwtVerify, type JWSHeaderParameters } from 'jose'
import { MoonKeyAuthError, isMoonKeyAuthError } from './errors.ts'
import { parseSession } from './objects.ts'
import type { SessionJwtClaims, VerifiedSessionJwt } from './types.ts'

export interface VerifyJwtOptions {
  /** Synchronous when the key is cached (see `createJwksCache`). */
  getKey: (header: JWSHeaderParameters) => CryptoKey | Promise<CryptoKey>
  /** The key for a `kid` when it is ready at once, handed to jose as a key rather than a function. */
  cachedKey: (kid: string) => CryptoKey | undefined
  /** Expected `iss`; undefined skips the check (only while the app id is being learned). */
  issuer: string | undefined
  /** Expected `aud` (the app id); undefined skips the check (idem). */
  audience: string | undefined
  clockToleranceSeconds: number
  now: () => number
}

const ALGORITHMS = ['RS256']
const REQUIRED_CLAIMS = ['iss', 'aud', 'sub', 'jti', 'iat', 'exp']

/** `kid` by encoded header: the header is the same for every JWT a key signs. */
const kids = new Map<string, string | undefined>()
const KIDS_LIMIT = 100

/** The `kid` a compact JWT's header names, or undefined (jose then reports what is wrong). */
function headerKid(jwt: string): string | undefined {
  const encoded = jwt.slice(0, jwt.indexOf('.') >>> 0)
  if (kids.has(encoded)) return kids.get(encoded)
  let kid: string | undefined
  try {
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(encoded))) as { kid?: unknown }
    if (typeof header.kid === 'string') kid = header.kid
  } catch {
    kid = undefined
  }
  if (kids.size >= KIDS_LIMIT) kids.clear()
  kids.set(encoded, kid)
  return kid
}

const invalid = (message: string, cause?: unknown): MoonKeyAuthError =>
  new MoonKeyAuthError('invalid_token', message, { cause })

/** A JOSE failure → our code. Never echoes the token. */
function mapJoseError(error: unknown): MoonKeyAuthError {
  if (isMoonKeyAuthError(error)) return error
  if (error instanceof errors.JWTExpired) return new MoonKeyAuthError('token_expired', 'The session JWT has expired.')
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalid(`The session JWT's "${error.claim}" claim is not valid (${error.reason}).`)
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('The session JWT signature is not valid.')
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('The session JWT algorithm is not allowed; only RS256 is.')
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return invalid('The session JWT is malformed.')
  if (error instanceof errors.JOSEError) return invalid(`The session JWT is not valid (${error.code}).`)
  return invalid('The session JWT is not valid.')
}

/**
 * Verifies a MoonKey session JWT offline: RS256 only (`none`, HS256 and every
 * other algorithm are refused before any key is looked up), signature with the
 * JWKS key named by `kid`, `iss`, `aud`, `exp`/`nbf`/`iat` with a small clock
 * tolerance, and the `session` claim's shape.
 *
 * @example
 * const { userId, sessionId } = await verifyJwt(jwt, { getKey, issuer, audience, clockToleranceSeconds: 5, now: Date.now })
 */
export async function verifyJwt(jwt: string, options: VerifyJwtOptions): Promise<VerifiedSessionJwt> {
  if (typeof jwt !== 'string' || jwt.trim() === '') {
    throw new MoonKeyAuthError('missing_credentials', 'No session JWT was given.')
  }
  // jose decodes the header, refuses any alg but RS256 (`none`, HS256…) before it
  // looks at a key, and asks getKey for the key otherwise. When the header names a
  // key that is ready, jose gets the key itself: a key function costs jose an
  // extra await per call (~30 µs of latency at 1 in flight, measured).
  const kid = headerKid(jwt)
  const key = kid === undefined ? undefined : options.cachedKey(kid)
  const currentDate = new Date(options.now())
  let claims: SessionJwtClaims
  try {
    const { payload } = await jwtVerify(jwt, key ?? options.getKey, {
      algorithms: ALGORITHMS,
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSeconds,
      currentDate,
      requiredClaims: REQUIRED_CLAIMS,
    })
    claims = payload as SessionJwtClaims
  } catch (error) {
    throw mapJoseError(error)
  }

  // jose checks `exp` and `nbf` against the tolerance but takes any past or future
  // `iat`; a JWT issued later than now (plus the tolerance) is not genuine.
  if ((claims.iat as number) > currentDate.getTime() / 1000 + options.clockToleranceSeconds) {
    throw invalid('The session JWT\'s "iat" claim is not valid (issued in the future).')
  }
  if (typeof claims.sub !== 'string' || typeof claims.jti !== 'string') throw invalid('The session JWT lacks sub or jti.')
  const session = parseSession(claims.session)
  if (!session || session.id !== claims.jti || session.userId !== claims.sub) {
    throw invalid('The session JWT has no valid session claim.')
  }
  if (session.expiresAt + options.clockToleranceSeconds < currentDate.getTime() / 1000) {
    throw new MoonKeyAuthError('token_expired', 'The session of this JWT has expired.')
  }
  return { userId: claims.sub, sessionId: claims.jti, session, claims }
}
