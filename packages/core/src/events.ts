import type { SessionRecord, SessionStore } from './session-store.ts'
import type { MoonKeyState, SessionTokens, User } from './types.ts'

/**
 * Why the last session ended: `'logout'` (`logout()` in this tab),
 * `'other-tab'` (`logout()` in another tab), `'revoked'` (the API no longer
 * knows the session) or `'expired'` (the session's own expiry passed).
 */
export type LogoutReason = 'logout' | 'other-tab' | 'revoked' | 'expired'

/** What `moonkey.on()` handlers receive, by `type`. */
export type MoonKeyEvent =
  /** Hydration is done: the stored session was read (`$state.ready` turned true, or was true already with an `initialState`). */
  | { type: 'ready'; state: MoonKeyState }
  /** A session appeared in this tab (a login here or in another tab). */
  | { type: 'login'; user: User }
  /** The session is gone from this tab. */
  | { type: 'logout'; reason: LogoutReason }
  /** A new JWT for the same session was adopted (refreshed here or in another tab). */
  | { type: 'refresh'; tokens: SessionTokens }

export type MoonKeyEventName = MoonKeyEvent['type']

/** A handler for the event `N`. */
export type MoonKeyEventHandler<N extends MoonKeyEventName> = (
  event: Extract<MoonKeyEvent, { type: N }>,
) => void

export interface Events {
  on<N extends MoonKeyEventName>(name: N, handler: MoonKeyEventHandler<N>): () => void
}

/**
 * Turns the changes of a session store into events: `put` and `ready` are
 * wrapped, so an event fires exactly when what the store holds changed. Before
 * `ready` (hydration) only the final state counts: it comes with `'ready'`.
 * Each handler runs in a microtask of its own, so events reach every handler
 * in the order they happened (also when a handler changes the session), and a
 * handler that throws is reported like any uncaught error without stopping
 * the others or the client.
 *
 * @example
 * const events = trackEvents(store)
 * const off = events.on('logout', ({ reason }) => reason === 'expired' && notify())
 */
export const trackEvents = (store: SessionStore): Events => {
  let handlers: Set<[string, (event: never) => void]> | undefined
  const emit = (event: MoonKeyEvent): void => {
    for (const entry of handlers ?? []) {
      // An unsubscribed handler gets nothing more, even if already queued.
      if (entry[0] === event.type) queueMicrotask(() => handlers!.has(entry) && entry[1](event as never))
    }
  }
  // (Both overloads of `put` in one signature.)
  const { put, ready } = store as Omit<SessionStore, 'put'> & { put: typeof wrapped }
  const wrapped = (record: SessionRecord | null, reason?: LogoutReason): boolean => {
    const old = store.current
    // A record the store refused (an older JWT) changed nothing: no event.
    if (!put(record, reason)) return false
    if (!store.hydrated) return true
    if (!record) old && emit({ type: 'logout', reason: reason! })
    else if (old?.token !== record.token) emit({ type: 'login', user: record.user })
    else if (old.jwt !== record.jwt) {
      emit({ type: 'refresh', tokens: { sessionToken: record.token, sessionJwt: record.jwt } })
    }
    return true
  }
  store.put = wrapped
  store.ready = () => {
    ready()
    emit({ type: 'ready', state: store.$state.get() })
  }
  return {
    on(name, handler) {
      const entry: [string, (event: never) => void] = [name, handler]
      ;(handlers ??= new Set()).add(entry)
      return () => void handlers!.delete(entry)
    },
  }
}
