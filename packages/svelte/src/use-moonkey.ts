import type { AuthState, MoonKeyClient } from '@moon-key/core'
import { fromStore } from 'svelte/store'

import { getMoonKeyClient } from './context.ts'

/** What `useMoonKey()` returns: reactive getters, and `user` is set exactly when `isAuthenticated`. */
export type MoonKey = Readonly<AuthState> & Pick<MoonKeyClient, 'start' | 'logout' | 'getSessionTokens'>

/**
 * The session state and its actions. Read `ready`, `isAuthenticated` and `user`
 * from the object (don't destructure them) to stay reactive; the functions are
 * the core's own.
 *
 * @example
 * const moonkey = useMoonKey()
 * // {#if moonkey.ready && moonkey.isAuthenticated} Welcome, {moonkey.user.email}! {/if}
 */
export function useMoonKey(): MoonKey {
  const client = getMoonKeyClient()
  const state = fromStore(client.$state)
  return {
    get ready() {
      return state.current.ready
    },
    get isAuthenticated() {
      return state.current.isAuthenticated
    },
    get user() {
      return state.current.user
    },
    start: client.start,
    logout: client.logout,
    getSessionTokens: client.getSessionTokens,
  } as MoonKey
}
