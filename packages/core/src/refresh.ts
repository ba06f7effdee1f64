import type { Clock } from './clock.ts'
import type { Cooldown } from './cooldown.ts'
import { isMoonKeyError, isSessionGone, isTransient, MoonKeyError } from './errors.ts'
import type { Http } from './http.ts'
import { fromAnswer, type SessionAnswer, type SessionRecord } from './session-store.ts'
import { withTabLock } from './tab-lock.ts'

export { backoff } from './cooldown.ts'

/** How many times a transient failure is retried (so at most 4 requests). */
export const RETRIES = 3
/** A cooldown longer than this ends the call instead of waiting inside it. */
const WAIT_IN_CALL = 3000

export interface RefreshDeps {
  http: Http
  clock: Clock
  /** Shared with revocations: no request goes out before it has passed. */
  cooldown: Cooldown
  /** The Web Lock every tab of this app takes to refresh. */
  lock: string
  /** The session being refreshed; `null` when logged out or destroyed. */
  current(): SessionRecord | null
  /** Adopts what storage holds (another tab may have refreshed it). */
  reread(): Promise<void>
  /** Persists and publishes a fresh record unless `keep()` turned false. */
  commit(record: SessionRecord, keep: () => boolean): Promise<void>
  /** The server no longer knows the session: log out locally. */
  drop(token: string): Promise<void>
}

/**
 * Creates the refresh of the session JWT through `POST /v1/auth/sessions/verify`.
 *
 * - Concurrent calls share one request, and the tabs of one browser share one
 *   (a Web Lock: a tab that waited for another adopts its JWT from storage).
 * - Only the API's own `session_not_found` / `unauthorized` answer logs out.
 * - Network errors, timeouts, 5xx, 429 and answers that are not the API's are
 *   retried a few times through the shared cooldown, then reject with a
 *   {@link MoonKeyError}, keeping the session.
 * - An answer for another user or session rejects with `session_mismatch`
 *   and is never stored; one for a session logged out meanwhile is dropped.
 *
 * @example
 * const refresh = createRefresh({ http, clock, cooldown, lock, current, reread, commit, drop })
 * await Promise.all([refresh(), refresh()]) // one request
 */
export const createRefresh = ({
  http,
  clock,
  cooldown,
  lock,
  current,
  reread,
  commit,
  drop,
}: RefreshDeps): (() => Promise<void>) => {
  let inflight: Promise<void> | undefined
  const run = (start: SessionRecord) =>
    withTabLock(lock, async (waited) => {
      const keep = (): boolean => current()?.token === start.token
      if (waited && keep()) await reread()
      for (let attempt = 0; ; attempt++) {
        // Logged out, destroyed, or a newer JWT came from another tab meanwhile.
        if (!keep() || current()!.iat > start.iat) return
        try {
          const answer = await cooldown.run(() =>
            http<SessionAnswer>('post', 'v1/auth/sessions/verify', { session_token: start.token }),
          )
          const record = fromAnswer(answer)
          if (!record) throw new MoonKeyError('server_error', 'MoonKey API sent no valid session JWT')
          if (record.user.id !== start.user.id || record.session.id !== start.session.id) {
            throw new MoonKeyError('session_mismatch', 'MoonKey API answered with another session')
          }
          if (!keep()) return
          clock.sync(record.iat, answer)
          return await commit(record, keep)
        } catch (error) {
          if (!keep()) return
          if (isSessionGone(error)) return await drop(start.token)
          const failure = isMoonKeyError(error)
            ? error
            : new MoonKeyError('server_error', 'MoonKey API sent no valid session JWT')
          if (!isTransient(failure) || attempt >= RETRIES || cooldown.left() > WAIT_IN_CALL) {
            throw failure
          }
          await cooldown.wait()
        }
      }
    })
  return () => {
    const start = current()
    if (!start) return Promise.resolve()
    return (inflight ||= run(start).finally(() => {
      inflight = undefined
    }))
  }
}
