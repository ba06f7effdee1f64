import type { MoonKeyClient, User } from '@moon-key/core'
import { useStore } from '@nanostores/vue'
import { computed, type ComputedRef } from 'vue'

import { useMoonKeyClient } from './context.ts'

export interface MoonKey extends Pick<MoonKeyClient, 'start' | 'logout' | 'getSessionTokens'> {
  /** `false` until the stored session was read (always on the server), unless the plugin has an `initialState`. */
  ready: ComputedRef<boolean>
  isAuthenticated: ComputedRef<boolean>
  user: ComputedRef<User | null>
}

/**
 * The session state as read-only refs, and its actions (the core's own functions).
 *
 * @example
 * const { ready, isAuthenticated, user, start, logout, getSessionTokens } = useMoonKey()
 */
export function useMoonKey(): MoonKey {
  const client = useMoonKeyClient()
  const state = useStore(client.$state)
  const { start, logout, getSessionTokens } = client
  return {
    ready: computed(() => state.value.ready),
    isAuthenticated: computed(() => state.value.isAuthenticated),
    user: computed(() => state.value.user as User | null),
    start,
    logout,
    getSessionTokens,
  }
}
