import { jwtVerify, SignJWT, type JWTPayload } from 'jose'
import type { EmulatorConfig } from './config.ts'
import type { KeyStore } from './keys.ts'
import type { SessionObject } from './objects.ts'

export interface SessionClaims extends JWTPayload {
  sub: string
  jti: string
  session: Omit<SessionObject, 'device_fingerprint'>
}

export interface TokenService {
  /** A session JWT: exp = min(iat + lifetime, session.expires_at). */
  sign(session: SessionObject, iat: number): Promise<string>
  /** Verifies signature (RS256 only, our keys), iss, aud, nbf and exp. Throws on failure. */
  verify(jwt: string, now: number): Promise<SessionClaims>
}

const MEMO_LIMIT = 10_000

/**
 * RS256 (RSASSA-PKCS1-v1_5) is deterministic: the same header and claims always
 * give the same JWT. Signing costs ~1 ms of CPU, so the last JWT per session is
 * memoized and reused when the exact same claims are asked for again (same
 * second, same session state, same key). This changes no output.
 */
export function createTokenService(config: EmulatorConfig, keys: KeyStore): TokenService {
  const memo = new Map<string, { session: SessionObject; kid: string; iat: number; input: string; jwt: string }>()
  /**
   * JWTs whose signature, iss and aud already verified, with their claims. A JWT
   * cannot change, and its key stays published until every JWT it signed has
   * expired, so only the times (nbf, exp) are checked again on a later call; this
   * spares a WebCrypto RS256 verification per request for the same JWT.
   */
  const verified = new Map<string, SessionClaims>()

  return {
    async sign(session, iat) {
      const { kid, privateKey } = keys.signingKey()
      const hit = memo.get(session.id)
      // The same session object (never mutated) at the same second with the same key: the same JWT.
      if (hit && hit.session === session && hit.iat === iat && hit.kid === kid) return hit.jwt
      const exp = Math.min(iat + config.jwtLifetimeSeconds, session.expires_at)
      const claims = {
        session: {
          id: session.id,
          user_id: session.user_id,
          started_at: session.started_at,
          expires_at: session.expires_at,
          last_active_at: session.last_active_at,
          factors: session.factors,
        },
      }
      const input = `${kid}.${iat}.${exp}.${JSON.stringify(claims)}`
      if (hit?.input === input) {
        memo.set(session.id, { ...hit, session, iat, kid })
        return hit.jwt
      }
      const jwt = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(config.issuer)
        .setAudience(config.appId)
        .setSubject(session.user_id)
        .setJti(session.id)
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(exp)
        .sign(await privateKey)
      if (memo.size >= MEMO_LIMIT) memo.clear()
      memo.set(session.id, { session, kid, iat, input, jwt })
      return jwt
    },

    async verify(jwt, now) {
      const known = verified.get(jwt)
      if (known) {
        // jose's own rule with no tolerance: nbf <= now < exp.
        if (known.nbf! > now) throw new Error('not yet valid')
        if (known.exp! <= now) throw new Error('expired')
        return known
      }
      const { payload } = await jwtVerify(
        jwt,
        (header) => {
          const key = header.kid === undefined ? undefined : keys.publicKey(header.kid)
          if (!key) throw new Error('unknown kid')
          return key
        },
        {
          algorithms: ['RS256'],
          issuer: config.issuer,
          audience: config.appId,
          currentDate: new Date(now * 1000),
          requiredClaims: ['sub', 'jti', 'iat', 'nbf', 'exp'],
        },
      )
      if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') throw new Error('bad claims')
      if (verified.size >= MEMO_LIMIT) verified.clear()
      verified.set(jwt, payload as SessionClaims)
      return payload as SessionClaims
    },
  }
}
