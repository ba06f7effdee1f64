/** The server's clock as seen from here. */
export interface Clock {
  /** Server time now, in milliseconds. */
  now(): number
  /** Milliseconds to add to the local clock to get the server's. */
  offset: number
  /** Learns the offset from the `iat` (seconds) of a JWT the server just minted. */
  sync(iat: number): void
}

/**
 * Estimates the server clock from the local one, corrected by the `iat` of
 * each fresh JWT, so a device clock that is minutes off neither refreshes in a
 * loop nor hands out expired JWTs.
 *
 * @example
 * const clock = createClock()
 * clock.sync(claims.iat)
 * const fresh = claims.exp * 1000 - clock.now() >= 60_000
 */
export const createClock = (local: () => number = Date.now): Clock => {
  const clock: Clock = {
    offset: 0,
    now: () => local() + clock.offset,
    sync(iat) {
      clock.offset = iat * 1000 - local()
    },
  }
  return clock
}
