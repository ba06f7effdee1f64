import type { InitialState, MoonKeyState } from './types.ts'

/**
 * The first value of `$state`. Without an `initialState` (or with one that
 * has no user) the session is unknown until the stored one was read; with a
 * user it is that user, ready; `null` is logged out, ready.
 *
 * @example
 * atom(initialValue(options.initialState))
 */
export const initialValue = (initial: InitialState | null | undefined): MoonKeyState => {
  const user = initial?.user
  const s = initial?.session
  return user
    ? {
        ready: true,
        isAuthenticated: true,
        user,
        // The fields the client keeps, in its order, so an equal session stays the same object.
        session: {
          id: s?.id ?? initial.sessionId ?? '',
          userId: user.id,
          startedAt: s?.startedAt ?? 0,
          expiresAt: s?.expiresAt ?? 0,
        },
        reason: null,
        persisted: true,
      }
    : { ready: initial === null, isAuthenticated: false, user: null, session: null, reason: null, persisted: true }
}
