import { atom, type ReadableAtom } from 'nanostores'

import { decodeJwt } from './jwt.ts'
import type { MoonKeyState, Session, User } from './types.ts'

/** The session as kept in memory, in storage and on the tab channel. */
export interface SessionRecord {
  token: string
  jwt: string
  /** From the JWT: issued at and expiry, Unix seconds. */
  iat: number
  exp: number
  user: User
  session: Session
}

/** What `otps/verify` and `sessions/verify` answer (the parts used here). */
export interface SessionAnswer {
  session_token: string
  session_jwt: string
  session: { id: string; user_id: string; started_at: number; expires_at: number }
  user: {
    id?: string
    user_id?: string
    email?: string
    emails?: User['emails']
    wallets?: { address: string; chain_type: User['wallets'][number]['chainType']; verified_at: number | null }[]
    status?: string
    created_at?: number
    updated_at?: number
    metadata?: Record<string, unknown>
  }
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0

/**
 * Turns an API answer into a record. Returns `null` if it lacks a valid JWT.
 *
 * @example
 * const record = fromAnswer(await http('post', 'v1/auth/sessions/verify', body))
 */
export const fromAnswer = (answer: SessionAnswer): SessionRecord | null => {
  const claims = decodeJwt(answer.session_jwt)
  const { user: u, session: s } = answer
  const wallets = (u.wallets ?? []).map((w) => ({ address: w.address, chainType: w.chain_type, verifiedAt: w.verified_at }))
  return (
    claims &&
    parseRecord({
      token: answer.session_token,
      jwt: answer.session_jwt,
      user: {
        id: u.id ?? u.user_id,
        email: u.email ?? u.emails?.[0]?.email,
        emails: u.emails ?? [],
        wallet: wallets[0] ?? null,
        wallets,
        status: u.status ?? 'active',
        createdAt: u.created_at ?? 0,
        updatedAt: u.updated_at ?? 0,
        metadata: u.metadata ?? {},
      },
      session: { id: s.id, userId: s.user_id, startedAt: s.started_at, expiresAt: s.expires_at },
    })
  )
}

/**
 * Checks a value read from storage or another tab. Anything of the wrong
 * shape gives `null`; `iat` and `exp` always come from the JWT itself.
 *
 * @example
 * const record = parseRecord(await storage.get('session'))
 */
export const parseRecord = (value: unknown): SessionRecord | null => {
  const r = value as Partial<SessionRecord> | null
  const claims = decodeJwt(r?.jwt)
  return claims &&
    isString(r!.token) &&
    isString(r!.user?.id) &&
    typeof r!.user.email === 'string' &&
    isString(r!.session?.id) &&
    typeof r!.session.expiresAt === 'number'
    ? {
        token: r!.token,
        jwt: r!.jwt!,
        iat: claims.iat,
        exp: claims.exp,
        user: r!.user,
        session: r!.session,
      }
    : null
}

export interface SessionStore {
  /** Read-only to the outside. */
  $state: ReadableAtom<MoonKeyState>
  /** The session in memory, or `null` when logged out. */
  readonly current: SessionRecord | null
  /** Replaces the session in memory; once ready, updates `$state` if what it shows changed. */
  put(record: SessionRecord | null): void
  /** Marks the store ready (hydration finished). */
  ready(): void
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Holds the session in memory and publishes what apps may see in `$state`.
 * A refresh that changes only the JWT does not notify listeners.
 *
 * @example
 * const store = createSessionStore()
 * store.$state.subscribe(({ user }) => render(user))
 */
export const createSessionStore = (): SessionStore => {
  const $state = atom<MoonKeyState>({
    ready: false,
    isAuthenticated: false,
    user: null,
    session: null,
  })
  let current: SessionRecord | null = null
  const publish = (ready: boolean): void => {
    const old = $state.get()
    // Unchanged user and session objects are kept, so listeners are not told.
    const next: MoonKeyState = current
      ? {
          ready,
          isAuthenticated: true,
          user: old.user && same(current.user, old.user) ? old.user : current.user,
          session: old.session && same(current.session, old.session) ? old.session : current.session,
        }
      : { ready, isAuthenticated: false, user: null, session: null }
    if (old.ready !== ready || old.user !== next.user || old.session !== next.session) $state.set(next)
  }
  return {
    $state,
    get current() {
      return current
    },
    put(record) {
      current = record
      if ($state.get().ready) publish(true)
    },
    ready: () => publish(true),
  }
}
