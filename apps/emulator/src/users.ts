import { newId } from './crypto.ts'
import type { Db, EmailRow, UserRow } from './db.ts'
import { ApiError } from './errors.ts'
import { toUser, type OAuthProviderLink, type UserObject, type UserWallet } from './objects.ts'

export interface Users {
  /** The user object, or undefined for an unknown id. */
  find(userId: string): UserObject | undefined
  /** Like `find`, but a missing user is `404 user_not_found`. */
  get(userId: string): UserObject
  emailByAddress(email: string): EmailRow | undefined
  emailById(emailId: string): EmailRow | undefined
  /** Finds the user owning this address, or creates a pending user with it. */
  findOrCreateByEmail(email: string, now: number): { email: EmailRow; created: boolean }
  /** Marks the address verified and its user active. */
  markVerified(email: EmailRow, now: number): void
  /** Links an OAuth account (`oauth_accounts.id`) to a user, who lists it in `oauth_providers`. */
  linkOAuth(accountId: string, userId: string): void
  /** Inserts a pending user with no login method yet (call inside a transaction that adds one); returns its id. */
  insertPending(now: number): string
  /** Drops the in-memory copy of a user: call it after writing its rows elsewhere (wallets). */
  forget(userId: string): void
}

/** Users kept in memory at most (then the cache starts afresh). */
const CACHE_LIMIT = 10_000

export function createUsers(db: Db): Users {
  // One query for a user and its emails (the hot path of every session verify).
  const selectUser = db.prepare(
    `SELECT u.*, (SELECT json_group_array(json_object('id', e.id, 'user_id', e.user_id, 'email', e.email, 'verified', e.verified, 'created_at', e.created_at))
                  FROM (SELECT * FROM emails WHERE user_id = u.id ORDER BY created_at, rowid) AS e) AS emails_json,
            (SELECT json_group_array(json_object('provider', o.provider, 'provider_subject', o.provider_subject, 'email', o.email))
                  FROM (SELECT * FROM oauth_accounts WHERE user_id = u.id ORDER BY created_at, rowid) AS o) AS oauth_json,
            (SELECT json_group_array(json_object('address', w.address, 'chain_type', w.chain_type, 'verified_at', w.verified_at))
                  FROM (SELECT * FROM wallets WHERE user_id = u.id ORDER BY created_at, rowid) AS w) AS wallets_json
     FROM users AS u WHERE u.id = ?`,
  )
  const selectEmailByAddress = db.prepare('SELECT * FROM emails WHERE email = ?')
  const selectEmailById = db.prepare('SELECT * FROM emails WHERE id = ?')
  const insertUser = db.prepare(
    "INSERT INTO users (id, status, metadata, created_at, updated_at) VALUES (?, 'pending', '{}', ?, ?)",
  )
  const insertEmail = db.prepare('INSERT INTO emails (id, user_id, email, verified, created_at) VALUES (?, ?, ?, 0, ?)')
  const verifyEmail = db.prepare('UPDATE emails SET verified = 1 WHERE id = ? AND verified = 0')
  const activateUser = db.prepare("UPDATE users SET status = 'active', updated_at = ? WHERE id = ? AND status != 'active'")
  const linkAccount = db.prepare('UPDATE oauth_accounts SET user_id = ? WHERE id = ?')

  const insertPending = (now: number): string => {
    const userId = newId('user')
    insertUser.run(userId, now, now)
    return userId
  }

  const create = db.transaction((email: string, now: number): EmailRow => {
    const userId = insertPending(now)
    const emailId = newId('email')
    insertEmail.run(emailId, userId, email, now)
    return selectEmailById.get(emailId) as EmailRow
  })

  // Users read for answers stay in memory: every write to users, emails and their OAuth links goes
  // through this module and forgets the user it changed (a session verify then
  // costs no user query in the steady state). Callers must not mutate the object.
  const cache = new Map<string, UserObject>()
  const forget = (userId: string): void => void cache.delete(userId)

  const find = (userId: string): UserObject | undefined => {
    const cached = cache.get(userId)
    if (cached) return cached
    const row = selectUser.get(userId) as (UserRow & { emails_json: string; oauth_json: string; wallets_json: string }) | undefined
    if (!row) return undefined
    if (cache.size >= CACHE_LIMIT) cache.clear()
    const user = toUser(
      row,
      JSON.parse(row.emails_json) as EmailRow[],
      JSON.parse(row.wallets_json) as UserWallet[],
      JSON.parse(row.oauth_json) as OAuthProviderLink[],
    )
    cache.set(userId, user)
    return user
  }

  return {
    find,
    get(userId) {
      const user = find(userId)
      if (!user) throw new ApiError(404, 'user_not_found', 'User not found.')
      return user
    },
    emailByAddress: (email) => selectEmailByAddress.get(email) as EmailRow | undefined,
    emailById: (emailId) => selectEmailById.get(emailId) as EmailRow | undefined,
    findOrCreateByEmail(email, now) {
      const existing = selectEmailByAddress.get(email) as EmailRow | undefined
      if (existing) return { email: existing, created: false }
      return { email: create(email, now), created: true }
    },
    insertPending,
    forget,
    markVerified(email, now) {
      verifyEmail.run(email.id)
      activateUser.run(now, email.user_id)
      forget(email.user_id)
    },
    linkOAuth(accountId, userId) {
      linkAccount.run(userId, accountId)
      forget(userId)
    },
  }
}
