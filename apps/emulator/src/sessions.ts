import { nowSeconds, type EmulatorConfig } from './config.ts'
import { newId, newSessionToken, sha256Hex } from './crypto.ts'
import type { Db, EmailRow, SessionRow } from './db.ts'
import { ApiError, sessionNotFound } from './errors.ts'
import { toSession, type Factor, type SessionObject } from './objects.ts'
import type { TokenService } from './tokens.ts'

export interface Device {
  user_agent: string
  ip: string
}

export interface SessionCredentials {
  session: SessionObject
  session_token: string | null
  session_jwt: string
}

/** How a caller names a session. */
export type SessionRef = { session_token: string } | { session_jwt: string } | { session_id: string }

export interface Sessions {
  /** Starts a session for a verified email, or adds the factor to `existingToken`'s session. */
  authenticate(email: EmailRow, expiresInMinutes: number | undefined, device: Device, existingToken?: string): Promise<SessionCredentials & { session_token: string }>
  /** Like `authenticate`, for any login method: `factor(now)` describes the method just verified. */
  authenticateFactor(userId: string, factor: (now: number) => Factor, expiresInMinutes: number | undefined, device: Device, existingToken?: string): Promise<SessionCredentials & { session_token: string }>
  /** Verifies an active session (by token or JWT), touches it, optionally extends it, and issues a fresh JWT. */
  verify(ref: { session_token: string } | { session_jwt: string }, expiresInMinutes?: number): Promise<SessionCredentials>
  /** Revokes a session; revoking a revoked or expired session succeeds. */
  revoke(ref: SessionRef): Promise<void>
  listActive(userId: string): SessionObject[]
}

const DEFAULT_SESSION_MINUTES = 10080
/** Session rows kept in memory at most (then the cache starts afresh). */
const CACHE_LIMIT = 10_000

export function createSessions(db: Db, config: EmulatorConfig, tokens: TokenService): Sessions {
  const byHash = db.prepare('SELECT * FROM sessions WHERE token_hash = ?')
  const byId = db.prepare('SELECT * FROM sessions WHERE id = ?')
  const activeByUser = db.prepare(
    'SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY started_at, rowid',
  )
  const insert = db.prepare(
    `INSERT INTO sessions (id, user_id, token_hash, started_at, expires_at, last_active_at, revoked_at, factors, user_agent, ip)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
  )
  const touch = db.prepare('UPDATE sessions SET last_active_at = ?, expires_at = ? WHERE id = ?')
  const setFactors = db.prepare('UPDATE sessions SET factors = ?, last_active_at = ?, expires_at = ? WHERE id = ?')
  const revoke = db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')

  const isActive = (row: SessionRow, now: number): boolean => row.revoked_at === null && row.expires_at > now

  // Rows read for verification stay in memory, by token hash and by id, as the same
  // object: every session write of this process goes through this module and
  // updates (touch) or forgets (factors, revocation) the cached row, so a verify
  // costs no SQL in the steady state. (Other processes on the same data dir only
  // rotate keys.)
  const cachedByHash = new Map<string, SessionRow>()
  const cachedById = new Map<string, SessionRow>()
  const remember = (row: SessionRow): SessionRow => {
    if (cachedById.size >= CACHE_LIMIT) {
      cachedById.clear()
      cachedByHash.clear()
    }
    cachedById.set(row.id, row)
    cachedByHash.set(row.token_hash, row)
    return row
  }
  const forget = (row: SessionRow): void => {
    cachedById.delete(row.id)
    cachedByHash.delete(row.token_hash)
  }
  const readById = (id: string): SessionRow | undefined => {
    const cached = cachedById.get(id)
    if (cached) return cached
    const row = byId.get(id) as SessionRow | undefined
    return row && remember(row)
  }

  // The answer's session object, reused while the cached row's times are unchanged
  // (within a second, every verify of a session answers the same object).
  const built = new WeakMap<SessionRow, SessionObject>()
  const sessionObject = (row: SessionRow): SessionObject => {
    const known = built.get(row)
    if (known && known.last_active_at === row.last_active_at && known.expires_at === row.expires_at) return known
    const session = toSession(row)
    built.set(row, session)
    return session
  }

  // By the token's SHA-256 only: the map and the index hold hashes, never tokens
  // (a hit is an exact match of the hash, so nothing is compared afterwards).
  function findByToken(token: string): SessionRow | undefined {
    const hash = sha256Hex(token)
    const cached = cachedByHash.get(hash)
    if (cached) return cached
    const row = byHash.get(hash) as SessionRow | undefined
    return row && remember(row)
  }

  async function findByJwt(jwt: string, now: number): Promise<SessionRow | undefined> {
    let claims
    try {
      claims = await tokens.verify(jwt, now)
    } catch {
      return undefined
    }
    const row = readById(claims.jti)
    return row && row.user_id === claims.sub ? row : undefined
  }

  function emailFactor(email: EmailRow, now: number): Factor {
    return {
      type: 'otp',
      delivery_channel: 'email',
      method: { method_id: email.id, method_type: 'email', email: email.email, last_verified_at: now },
    }
  }

  const authenticateFactor: Sessions['authenticateFactor'] = async (userId, newFactor, expiresInMinutes, device, existingToken) => {
    const now = nowSeconds(config)
    const factor = newFactor(now)
    if (existingToken !== undefined) {
      const row = findByToken(existingToken)
      if (!row || !isActive(row, now)) throw sessionNotFound()
      if (row.user_id !== userId) {
        throw new ApiError(400, 'invalid_request', 'session_token belongs to another user.')
      }
      const factors = (JSON.parse(row.factors) as Factor[]).filter((f) => f.method.method_id !== factor.method.method_id)
      factors.push(factor)
      const expiresAt = expiresInMinutes === undefined ? row.expires_at : now + expiresInMinutes * 60
      setFactors.run(JSON.stringify(factors), now, expiresAt, row.id)
      forget(row)
      const session = toSession(byId.get(row.id) as SessionRow)
      return { session, session_token: existingToken, session_jwt: await tokens.sign(session, now) }
    }
    const id = newId('sess')
    const token = newSessionToken()
    const expiresAt = now + (expiresInMinutes ?? DEFAULT_SESSION_MINUTES) * 60
    insert.run(id, userId, sha256Hex(token), now, expiresAt, now, JSON.stringify([factor]), device.user_agent, device.ip)
    const session = toSession(byId.get(id) as SessionRow)
    return { session, session_token: token, session_jwt: await tokens.sign(session, now) }
  }

  return {
    authenticate: (email, expiresInMinutes, device, existingToken) =>
      authenticateFactor(email.user_id, (now) => emailFactor(email, now), expiresInMinutes, device, existingToken),
    authenticateFactor,

    async verify(ref, expiresInMinutes) {
      const now = nowSeconds(config)
      const row = 'session_token' in ref ? findByToken(ref.session_token) : await findByJwt(ref.session_jwt, now)
      if (!row || !isActive(row, now)) throw sessionNotFound()
      const expiresAt = expiresInMinutes === undefined ? row.expires_at : now + expiresInMinutes * 60
      if (row.last_active_at !== now || row.expires_at !== expiresAt) {
        touch.run(now, expiresAt, row.id)
        row.last_active_at = now
        row.expires_at = expiresAt
      }
      const session = sessionObject(row)
      return {
        session,
        session_token: 'session_token' in ref ? ref.session_token : null,
        session_jwt: await tokens.sign(session, now),
      }
    },

    async revoke(ref) {
      const now = nowSeconds(config)
      let row: SessionRow | undefined
      if ('session_token' in ref) row = findByToken(ref.session_token)
      else if ('session_id' in ref) row = readById(ref.session_id)
      else row = await findByJwt(ref.session_jwt, now)
      if (!row) throw sessionNotFound()
      revoke.run(now, row.id)
      forget(row)
    },

    listActive(userId) {
      return (activeByUser.all(userId, nowSeconds(config)) as SessionRow[]).map(toSession)
    },
  }
}
