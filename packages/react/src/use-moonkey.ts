import type { AuthState, MoonKeyClient } from '@moon-key/core'

import { useMoonKeyClient } from './context.ts'
import { useStore } from './use-store.ts'

/** What `useMoonKey()` returns: `user` is set exactly when `isAuthenticated`. */
export type MoonKey = AuthState & Pick<MoonKeyClient, 'start' | 'logout' | 'getSessionTokens'>

/**
 * The session state and its actions. `ready` is `false` on the server and in
 * the first (hydrating) render, unless the provider has an `initialState`
 * (then both show it); the functions keep their identity.
 *
 * @example
 * const { ready, isAuthenticated, user, start, logout, getSessionTokens } = useMoonKey()
 */
export function useMoonKey(): MoonKey {
  const client = useMoonKeyClient()
  const { ready, isAuthenticated, user } = useStore(client.$state)
  const { start, logout, getSessionTokens } = client
  return { ready, isAuthenticated, user, start, logout, getSessionTokens } as MoonKey
}
