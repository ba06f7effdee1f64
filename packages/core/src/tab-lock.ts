/** The longest a tab waits for another tab's lock before it goes ahead alone. */
export const LOCK_WAIT = 15_000

/**
 * Runs `task` while holding the browser-wide Web Lock `name`, so that one tab
 * does what every tab would otherwise repeat. The lock is tried with
 * `ifAvailable`; a tab that finds it held waits for it, then runs
 * `task(true)` ("another tab went first": look at what it left before doing
 * it again). The wait is bounded by {@link LOCK_WAIT}, after which the task
 * runs without the lock, so a stuck or frozen tab can never block the others;
 * where Web Locks is missing, `task(false)` runs at once.
 *
 * @example
 * await withTabLock('moonkey-refresh:pk_test_1', async (waited) => {
 *   if (waited && (await reread())) return
 *   await refresh()
 * })
 */
export const withTabLock = async <T>(
  name: string,
  task: (waited: boolean) => Promise<T>,
): Promise<T> => {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  if (!locks?.request) return task(false)
  let waited = false
  let started = false
  const giveUp = new AbortController()
  const timer = setTimeout(() => giveUp.abort(), LOCK_WAIT)
  const run = (): Promise<T> => {
    started = true
    clearTimeout(timer)
    return task(waited)
  }
  try {
    return await locks.request(name, { ifAvailable: true }, (lock) => {
      if (lock) return run()
      waited = true
      return locks.request(name, { signal: giveUp.signal }, run)
    })
  } catch (error) {
    // The wait timed out (or the lock manager failed): go ahead without it.
    if (started) throw error
    return task(true)
  } finally {
    clearTimeout(timer)
  }
}
