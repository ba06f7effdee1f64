import { errors, jwtVerify, type JWSHeaderParameters } from 'jose'
import { MoonKeyAuthError, isMoonKeyAuthError } from './errors.ts'
import { parseSession } from './objects.ts'
import type { SessionJwtClaims, VerifiedSessionJwt } from './types.ts'

export interface VerifyJwtOptions {
  /** Synchronous when the key is cached (see `createJwksCache`). */
  getKey: (header: JWSHeaderParameters) => CryptoKey | Promise<CryptoKey>
  /** Expected `iss`; undefined skips the check (only while the app id is being learned). */
  issuer: string | undefined
  /** Expected `aud` (the app id); undefined skips the check (idem). */
  audience: string | undefined
  clockToleranceSeconds: number
  now: () => number
}

const ALGORITHMS = ['RS256']
const REQUIRED_CLAIMS = ['iss', 'aud', 'sub', 'jti', 'iat', 'exp']

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
  // jose decodes the header once, refuses any alg but RS256 (`none`, HS256…) before
  // asking for a key, and only then calls getKey.
  const currentDate = new Date(options.now())
  let claims: SessionJwtClaims
  try {
    const { payload } = await jwtVerify(jwt, options.getKey, {
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
