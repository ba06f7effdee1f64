import { nowSeconds, type EmulatorConfig } from './config.ts'
import { newOtpCode, safeEqual, sha256Hex } from './crypto.ts'
import type { Db, EmailRow, OtpRow } from './db.ts'
import { ApiError } from './errors.ts'
import type { Mailbox } from './mailbox.ts'
import type { Users } from './users.ts'

export const MAX_ATTEMPTS = 5

export interface OtpService {
  /**
   * Sends a fresh code (superseding earlier ones) and creates the user if the
   * email is new; with `create: false` an unknown email is `404 user_not_found`.
   */
  loginOrCreate(email: string, expiresInMinutes: number, options?: { create?: boolean }): {
    user_id: string
    user_created: boolean
    status: 'pending'
    email_id: string
  }
  /** Checks a code; on success it is consumed and the email is returned. */
  verify(methodId: string, code: string): EmailRow
}

export function createOtpService(db: Db, config: EmulatorConfig, users: Users, mailbox: Mailbox): OtpService {
  const insertOtp = db.prepare(
    'INSERT INTO otps (email_id, code_hash, created_at, expires_at, attempts, used_at) VALUES (?, ?, ?, ?, 0, NULL)',
  )
  const sendsInWindow = db.prepare(
    'SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM otps WHERE email_id = ? AND created_at > ?',
  )
  // Wrong codes per email, by the time they were guessed (not when the code was sent).
  const failuresInWindow = db.prepare(
    'SELECT COUNT(*) AS n, MIN(guessed_at) AS oldest FROM otp_failures WHERE email_id = ? AND guessed_at > ?',
  )
  const forgetFailures = db.prepare('DELETE FROM otp_failures WHERE email_id = ? AND guessed_at <= ?')
  const recordFailure = db.prepare('INSERT INTO otp_failures (email_id, guessed_at) VALUES (?, ?)')
  const wrongGuess = db.transaction((otpId: number, emailId: string, now: number) => {
    addAttempt.run(otpId)
    recordFailure.run(emailId, now)
  })
  const latestOtp = db.prepare('SELECT * FROM otps WHERE email_id = ? ORDER BY id DESC LIMIT 1')
  const consume = db.prepare('UPDATE otps SET used_at = ? WHERE id = ? AND used_at IS NULL')
  const addAttempt = db.prepare('UPDATE otps SET attempts = attempts + 1 WHERE id = ?')

  function limit(count: number, oldest: number | null, max: number, now: number, what: string): void {
    if (count < max) return
    const retryAfter = Math.max(1, (oldest ?? now) + config.windowSeconds - now)
    throw new ApiError(429, 'rate_limited', `Too many ${what} for this email; try again in ${retryAfter} s.`, {
      'Retry-After': String(retryAfter),
    })
  }

  return {
    loginOrCreate(email, expiresInMinutes, { create = true } = {}) {
      const now = nowSeconds(config)
      const existing = users.emailByAddress(email)
      if (!existing && !create) {
        throw new ApiError(404, 'user_not_found', 'No user has this email address; sign up first.')
      }
      if (existing) {
        const sends = sendsInWindow.get(existing.id, now - config.windowSeconds) as { n: number; oldest: number | null }
        limit(sends.n, sends.oldest, config.sendsPerWindow, now, 'codes sent')
      }
      const { email: row, created } = users.findOrCreateByEmail(email, now)
      const code = newOtpCode()
      const expiresAt = now + expiresInMinutes * 60
      insertOtp.run(row.id, sha256Hex(code), now, expiresAt)
      mailbox.deliver({ email, code, email_id: row.id, user_id: row.user_id, sent_at: now, expires_at: expiresAt })
      return { user_id: row.user_id, user_created: created, status: 'pending', email_id: row.id }
    },

    verify(methodId, code) {
      const now = nowSeconds(config)
      const email = users.emailById(methodId)
      const otp = email ? (latestOtp.get(email.id) as OtpRow | undefined) : undefined
      if (!email || !otp || otp.used_at !== null) {
        throw new ApiError(404, 'otp_not_found', 'No pending code for this method id; request a new one.')
      }
      forgetFailures.run(email.id, now - config.windowSeconds)
      const failures = failuresInWindow.get(email.id, now - config.windowSeconds) as { n: number; oldest: number | null }
      limit(failures.n, failures.oldest, config.attemptsPerWindow, now, 'wrong codes')
      if (now >= otp.expires_at) throw new ApiError(410, 'otp_expired', 'The code has expired; request a new one.')
      if (otp.attempts >= MAX_ATTEMPTS) {
        throw new ApiError(410, 'otp_expired', 'The code is no longer valid after too many wrong attempts; request a new one.')
      }
      if (!safeEqual(sha256Hex(code), otp.code_hash)) {
        wrongGuess(otp.id, email.id, now)
        const left = MAX_ATTEMPTS - otp.attempts - 1
        throw new ApiError(400, 'otp_incorrect', `The code is incorrect; ${left} attempt${left === 1 ? '' : 's'} left.`)
      }
      // Single use: only the request that flips used_at wins.
      if (consume.run(now, otp.id).changes !== 1) {
        throw new ApiError(404, 'otp_not_found', 'No pending code for this method id; request a new one.')
      }
      return email
    },
  }
}
