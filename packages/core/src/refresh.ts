import type { Clock } from './clock.ts'
import { isTransient, MoonKeyError } from './errors.ts'
import type { Http } from './http.ts'
import { fromAnswer, type SessionAnswer, type SessionRecord } from './session-store.ts'

/** How many times a transient failure is retried (so at most 4 requests). */
export const RETRIES = 3

/** Jittered exponential backoff, capped so a refresh gives up within seconds. */
export const backoff = (attempt: number, random = Math.random): number =>
  Math.min(250 * 2 ** attempt, 2000) * (0.5 + random())

/** Waits `ms`; an abort of `signal` ends the wait at once, its timer cleared. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    if (signal?.aborted) done()
    else signal?.addEventListener('abort', done)
  })

export interface RefreshDeps {
  http: Http
  clock: Clock
  current(): SessionRecord | null
  /** Persists and publishes a fresh record unless `keep()` turned false. */
  commit(record: SessionRecord, keep: () => boolean): Promise<void>
  /** The server no longer knows the session: log out locally. */
  drop(token: string): Promise<void>
  /** Aborted when the client is destroyed: no retry waits after that (and `http` sends nothing). */
  signal?: AbortSignal
}

/**
 * Creates the refresh of the session JWT through `POST /v1/auth/sessions/verify`.
 * Concurrent calls share one request. `404`/`401` log out locally; network
 * errors, timeouts, 5xx and 429 are retried a few times with jittered backoff
 * and then reject with a {@link MoonKeyError}, keeping the session. An answer
 * for a session that was logged out (or replaced) meanwhile is dropped.
 *
 * @example
 * const refresh = createRefresh({ http, clock, current, commit, drop })
 * await Promise.all([refresh(), refresh()]) // one request
 */
export const createRefresh = (deps: RefreshDeps): (() => Promise<void>) => {
  let inflight: Promise<void> | undefined
  const run = async (start: SessionRecord): Promise<void> => {
    const keep = (): boolean => deps.current()?.token === start.token
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await deps.http<SessionAnswer>('post', 'v1/auth/sessions/verify', {
          session_token: start.token,
        })
        const record = fromAnswer(answer)
        if (!record) throw new MoonKeyError('server_error', 'MoonKey API sent no valid session JWT')
        if (!keep()) return
        deps.clock.sync(record.iat)
        return await deps.commit(record, keep)
      } catch (error) {
        if (!keep()) return
        const status = (error as MoonKeyError).status
        if (status === 401 || status === 404) return await deps.drop(start.token)
        const wait = (error as MoonKeyError).retryAfter ?? 0
        if (!isTransient(error) || attempt >= RETRIES || wait > 3) throw error
        await sleep(Math.max(backoff(attempt), wait * 1000), deps.signal)
      }
    }
  }
  return () => {
    const start = deps.current()
    if (!start) return Promise.resolve()
    return (inflight ||= run(start).finally(() => {
      inflight = undefined
    }))
  }
}
