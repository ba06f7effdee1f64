import { isTransient, type MoonKeyError } from './errors.ts'

/** The longest wait between requests after repeated failures (before jitter). */
const CAP = 60_000

/**
 * Jittered exponential backoff after `attempt + 1` failures in a row:
 * 250 ms, 500 ms, 1 s, … up to `cap`, each times 0.5–1.5.
 */
export const backoff = (attempt: number, random = Math.random, cap = 2000): number =>
  Math.min(250 * 2 ** attempt, cap) * (0.5 + random())

/** When the next request to the API may go out, shared by every caller. */
export interface Cooldown {
  /** Milliseconds until the next request may go out (0: now). */
  left(): number
  /**
   * Sends one request unless cooling down (then it rejects at once with the
   * last failure, whose code and `retryAfter` still apply). A transient
   * failure extends the cooldown (`Retry-After`, else backoff); a success ends it.
   */
  run<T>(request: () => Promise<T>): Promise<T>
  /** The browser is back online: forget the backoff of network failures (not a `Retry-After`). */
  online(): void
  /** Resolves once the cooldown has passed, or at once on `stop()`. */
  wait(): Promise<void>
  /** Clears every timer and ends every wait, for good. */
  stop(): void
}

/**
 * Creates the cooldown that refreshes and revocations share, so however many
 * callers, timers, tabs' events or retries ask, the API hears at most one
 * request per backoff step and none before a `Retry-After` has passed.
 *
 * @example
 * const cooldown = createCooldown(clock.elapsed)
 * await cooldown.run(() => http('delete', 'v1/auth/sessions/delete', body))
 */
export const createCooldown = (now: () => number, random = Math.random): Cooldown => {
  let failures = 0
  let until = 0
  let notBefore = 0
  let last: MoonKeyError | undefined
  let stopped = false
  let waits: Map<ReturnType<typeof setTimeout>, () => void> | undefined
  const cooldown: Cooldown = {
    left() {
      const t = now()
      return Math.max(until, notBefore, t) - t
    },
    async run(request) {
      if (last && cooldown.left() > 0) throw last
      try {
        const answer = await request()
        failures = until = notBefore = 0
        return answer
      } catch (error) {
        if (isTransient(error)) {
          last = error as MoonKeyError
          until = now() + backoff(failures++, random, CAP)
          if (last.retryAfter) notBefore = now() + last.retryAfter * 1000
        }
        throw error
      }
    },
    online() {
      // Network errors and timeouts are the failures without an HTTP status.
      if (last && !last.status) failures = until = 0
    },
    wait: () =>
      new Promise((resolve) => {
        const tick = (): void => {
          const ms = cooldown.left()
          if (ms <= 0 || stopped) return resolve()
          const timer = setTimeout(() => {
            waits!.delete(timer)
            tick()
          }, ms)
          ;(waits ??= new Map()).set(timer, resolve)
        }
        tick()
      }),
    stop() {
      stopped = true
      for (const [timer, resolve] of waits ?? []) {
        clearTimeout(timer)
        resolve()
      }
      waits?.clear()
    },
  }
  return cooldown
}
