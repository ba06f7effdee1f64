import { MoonKeyAuthError } from './errors.ts'
import type { MoonKeySession, MoonKeyUser, SessionFactor, UserEmail, UserWallet } from './types.ts'

type Wire = Record<string, unknown>

const isObject = (value: unknown): value is Wire =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function malformed(what: string): MoonKeyAuthError {
  return new MoonKeyAuthError('api_unavailable', `The MoonKey API answered a malformed ${what}.`)
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const num = (value: unknown): number => (typeof value === 'number' ? value : 0)

function toFactor(wire: unknown): SessionFactor {
  const factor = isObject(wire) ? wire : {}
  const method = isObject(factor.method) ? factor.method : {}
  return {
    type: str(factor.type),
    deliveryChannel: str(factor.delivery_channel),
    method: {
      methodId: str(method.method_id),
      methodType: str(method.method_type),
      ...(typeof method.email === 'string' ? { email: method.email } : {}),
      ...(typeof method.address === 'string' ? { address: method.address, chainType: str(method.chain_type) } : {}),
      lastVerifiedAt: num(method.last_verified_at),
    },
  }
}

/**
 * A wire (snake_case) session → {@link MoonKeySession}. Returns undefined when
 * the required fields are missing, so callers pick the right error.
 */
export function parseSession(wire: unknown): MoonKeySession | undefined {
  if (!isObject(wire) || typeof wire.id !== 'string' || typeof wire.user_id !== 'string') return undefined
  if (typeof wire.expires_at !== 'number') return undefined
  const session: MoonKeySession = {
    id: wire.id,
    userId: wire.user_id,
    startedAt: num(wire.started_at),
    expiresAt: wire.expires_at,
    lastActiveAt: num(wire.last_active_at),
    factors: Array.isArray(wire.factors) ? wire.factors.map(toFactor) : [],
  }
  if (isObject(wire.device_fingerprint)) {
    session.deviceFingerprint = {
      userAgent: str(wire.device_fingerprint.user_agent),
      ip: str(wire.device_fingerprint.ip),
    }
  }
  return session
}

/** A session from an API answer; a malformed one is the API's fault. */
export function toSession(wire: unknown): MoonKeySession {
  const session = parseSession(wire)
  if (!session) throw malformed('session')
  return session
}

/** A user from an API answer. */
export function toUser(wire: unknown): MoonKeyUser {
  if (!isObject(wire)) throw malformed('user')
  const id = str(wire.id) || str(wire.user_id)
  if (!id) throw malformed('user')
  const emails: UserEmail[] = Array.isArray(wire.emails)
    ? wire.emails.filter(isObject).map((e) => ({ id: str(e.id), email: str(e.email), verified: e.verified === true }))
    : []
  const wallets: UserWallet[] = Array.isArray(wire.wallets)
    ? wire.wallets.filter(isObject).map((w) => ({
        address: str(w.address),
        chainType: w.chain_type === 'solana' ? 'solana' : 'ethereum',
        verifiedAt: typeof w.verified_at === 'number' ? w.verified_at : null,
      }))
    : []
  return {
    id,
    email: str(wire.email) || (emails[0]?.email ?? ''),
    emails,
    wallet: wallets[0] ?? null,
    wallets,
    status: str(wire.status),
    metadata: isObject(wire.metadata) ? wire.metadata : {},
    createdAt: num(wire.created_at),
    updatedAt: num(wire.updated_at),
  }
}
