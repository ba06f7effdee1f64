import type { Http } from './http.ts'

/** The server's clock as seen from here. */
export interface Clock {
  /** Server time now, in milliseconds. */
  now(): number
  /** Milliseconds to add to the local wall clock to get the server's (kept with the session). */
  offset(): number
  /** Starts from an offset kept by an earlier page. */
  restore(offset: number): void
  /** Local milliseconds elapsed, never going back (see {@link stopwatch}). */
  elapsed(): number
  /** Wraps `http` so that {@link Clock.sync} knows when each answer's request was sent. */
  timed(http: Http): Http
  /**
   * Learns the server clock from the `iat` (seconds) of a JWT the server just
   * minted, dated to when its request was sent (`answer` is what `timed(http)`
   * returned; without it, now).
   */
  sync(iat: number, answer?: unknown): void
}

/**
 * Milliseconds since creation, never going back: each step counts the larger
 * of what the wall clock (`Date.now()`) and the monotonic clock
 * (`performance.now()`) moved since the last reading. Setting the wall clock
 * back cannot rejuvenate anything measured with it, and a system sleep (which
 * pauses the monotonic clock on some systems) still counts, through the wall
 * clock. A wall clock set forward counts too: it can only make a JWT look
 * older than it is, which costs at most one early refresh.
 *
 * @example
 * const elapsed = stopwatch()
 * setTimeout(() => elapsed(), 1000) // ≥ 1000
 */
export const stopwatch = (
  wall: () => number = Date.now,
  // Without performance (an old or bare runtime) the wall clock alone counts.
  monotonic: () => number = () => globalThis.performance?.now() ?? 0,
): (() => number) => {
  let lastWall = wall()
  let lastMono = monotonic()
  let total = 0
  return () => {
    const w = wall()
    const m = monotonic()
    total += Math.max(w - lastWall, m - lastMono, 0)
    lastWall = w
    lastMono = m
    return total
  }
}

/**
 * When each API answer's request was sent, by answer, in `elapsed()` time of
 * the clock that timed it. One map for every clock (each answer is a new
 * object, timed by one clock only): a WeakMap per client would hold a table of
 * its own (about 0.14 KB) for the few answers in flight.
 */
const sent = new WeakMap<object, number>()

/**
 * Estimates the server clock from the `iat` of each fresh JWT, dated to the
 * moment its request was *sent* (the server minted it later, so a slow answer
 * only makes JWTs look older), and moves it on by {@link stopwatch} time, so
 * neither a device clock minutes off, nor a slow network, nor a wall clock
 * set back makes an expired JWT look fresh.
 *
 * @example
 * const clock = createClock()
 * const http = clock.timed(createHttp(apiUrl, key))
 * const answer = await http('post', 'v1/auth/sessions/verify', body)
 * clock.sync(claims.iat, answer)
 * const fresh = claims.exp * 1000 - clock.now() >= 60_000
 */
export const createClock = (
  wall: () => number = Date.now,
  monotonic?: () => number,
): Clock => {
  const elapsed = stopwatch(wall, monotonic)
  // The server's time was `base` at elapsed time `at`.
  let base = wall()
  let at = 0
  const clock: Clock = {
    now: () => base + elapsed() - at,
    // A method, not a getter: an object literal with a getter leaves V8's
    // fast shapes (about 0.4 KB more a client).
    offset: () => clock.now() - wall(),
    restore(offset) {
      at = elapsed()
      base = wall() + offset
    },
    elapsed,
    timed: (http) => async <T>(method: 'get' | 'post' | 'delete', path: string, json?: object) => {
      const start = elapsed()
      const answer = await http<T>(method, path, json)
      if (answer && typeof answer === 'object') sent.set(answer, start)
      return answer
    },
    sync(iat, answer) {
      at = (answer && typeof answer === 'object' ? sent.get(answer) : undefined) ?? elapsed()
      base = iat * 1000
    },
  }
  return clock
}
