import { atom, type ReadableAtom } from 'nanostores'

import type { LogoutReason } from './events.ts'
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
 * Turns an API answer into a record. Returns `null` for anything that is not
 * a session answer with a valid JWT of that very user and session (`null`,
 * `{}`, missing `user` or `session`, a JWT for someone else).
 *
 * @example
 * const record = fromAnswer(await http('post', 'v1/auth/sessions/verify', body))
 */
export const fromAnswer = (answer: SessionAnswer | null | undefined): SessionRecord | null => {
  const u = answer?.user
  const s = answer?.session
  if (!u || !s) return null
  const id = u.id ?? u.user_id
  const wallets = (u.wallets ?? []).map((w) => ({ address: w.address, chainType: w.chain_type, verifiedAt: w.verified_at }))
  return s.user_id === id
    ? parseRecord({
        token: answer.session_token,
        jwt: answer.session_jwt,
        user: {
          id,
          email: u.email ?? u.emails?.[0]?.email,
          emails: u.emails ?? [],
          wallet: wallets[0] ?? null,
          wallets,
          status: u.status ?? 'active',
          // In the order of `@moon-key/server`'s users, so the user a server rendered
          // (`initialState`) and the same one read from storage compare equal.
          metadata: u.metadata ?? {},
          createdAt: u.created_at ?? 0,
          updatedAt: u.updated_at ?? 0,
        },
        session: { id: s.id, userId: s.user_id, startedAt: s.started_at, expiresAt: s.expires_at },
      })
    : null
}

/**
 * Checks a value read from storage or another tab. Anything of the wrong
 * shape gives `null`, and so does a JWT whose `sub` or session id (`jti`)
 * is not the record's user or session; `iat` and `exp` always come from the
 * JWT itself.
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
    typeof r!.session.expiresAt === 'number' &&
    claims.sub === r!.user.id &&
    (claims.jti ?? claims.session?.id) === r!.session.id
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

/**
 * Whether `next` may take the place of `current`: another session, or a
 * newer JWT (by `iat`) of the same one. Every write path goes through it, so
 * an older JWT never replaces a newer one.
 *
 * @example
 * if (supersedes(fromTab, store.current)) store.put(fromTab)
 */
export const supersedes = (next: SessionRecord, current: SessionRecord | null): boolean =>
  !current || next.token !== current.token || next.iat > current.iat

export interface SessionStore {
  /** Read-only to the outside. */
  $state: ReadableAtom<MoonKeyState>
  /** The session in memory, or `null` when logged out. */
  readonly current: SessionRecord | null
  /**
   * Replaces the session in memory unless `record` is an older JWT of the same
   * session (see {@link supersedes}); once ready, updates `$state` if what it
   * shows changed. Returns whether it took the record. Logging out (`null`)
   * says why: `$state` keeps the reason.
   */
  put(record: SessionRecord): boolean
  put(record: null, reason: LogoutReason): boolean
  /** Marks the store ready (hydration finished): `$state` shows the session from then on. */
  ready(): void
  /** Whether `ready()` was called. (`$state.ready` may be true before: see `initialState`.) */
  readonly hydrated: boolean
  /** Whether storage holds what memory shows (see `MoonKeyState.persisted`). */
  persisted(persisted: boolean): void
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Holds the session in memory and publishes what apps may see in `$state`.
 * A refresh that changes only the JWT does not notify listeners.
 *
 * @example
 * const store = createSessionStore(initialValue(options.initialState)) // from initial-state.ts
 * store.$state.subscribe(({ user }) => render(user))
 */
export const createSessionStore = (initial: MoonKeyState): SessionStore => {
  const $state = atom<MoonKeyState>(initial)
  let current: SessionRecord | null = null
  let reason: LogoutReason | null = null
  let persisted = true
  let hydrated = false
  const publish = (): void => {
    const old = $state.get()
    // Unchanged user and session objects are kept, so listeners are not told.
    const next: MoonKeyState = current
      ? {
          ready: true,
          isAuthenticated: true,
          user: old.user && same(current.user, old.user) ? old.user : current.user,
          session: old.session && same(current.session, old.session) ? old.session : current.session,
          reason: null,
          persisted,
        }
      : { ready: true, isAuthenticated: false, user: null, session: null, reason, persisted }
    if (
      !old.ready ||
      old.reason !== next.reason ||
      old.user !== next.user ||
      old.session !== next.session ||
      old.persisted !== persisted
    ) {
      $state.set(next)
    }
  }
  // \`current\` and \`hydrated\` are plain fields, not getters: an object literal
  // with a getter costs about 250 bytes more heap in V8 (it leaves the fast shapes).
  const store: Omit<SessionStore, 'current' | 'hydrated'> & { current: SessionRecord | null; hydrated: boolean } = {
    $state,
    current,
    hydrated,
    put(record: SessionRecord | null, why?: LogoutReason) {
      if (record && !supersedes(record, current)) return false
      store.current = current = record
      reason = record ? null : (why ?? reason)
      if (hydrated) publish()
      return true
    },
    ready() {
      store.hydrated = hydrated = true
      publish()
    },
    persisted(value) {
      persisted = value
      if (hydrated) publish()
    },
  }
  return store
}
