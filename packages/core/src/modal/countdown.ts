/**
 * Calls `tick(secondsLeft)` now and about once a second, then `done()` at zero.
 * Counts against the clock, so a throttled background tab stays right.
 * Returns a function that stops it.
 */
export function countdown(seconds: number, tick: (left: number) => void, done: () => void): () => void {
  const end = Date.now() + seconds * 1000
  let timer: ReturnType<typeof setTimeout> | undefined
  const step = (): void => {
    const left = Math.ceil((end - Date.now()) / 1000)
    if (left <= 0) return done()
    tick(left)
    timer = setTimeout(step, Math.min(1000, end - Date.now() - (left - 1) * 1000))
  }
  step()
  return () => clearTimeout(timer)
}
