import { withOAuthCallbacks, type LoginState, type LoginWithOAuthActions, type LoginWithOAuthCallbacks } from '@moon-key/core'
import { useStore } from '@nanostores/vue'
import type { Ref } from 'vue'

import { useMoonKeyClient } from './context.ts'

export type { LoginWithOAuthCallbacks }

export interface LoginWithOAuth extends LoginWithOAuthActions {
  /** `{ status, error }` of the login (shared with the email login), read-only. */
  state: Readonly<Ref<LoginState>>
}

/**
 * Google or Apple login with your own buttons.
 *
 * @example
 * const { initOAuth, state } = useLoginWithOAuth({ onComplete: () => router.push('/') })
 * // <button @click="initOAuth({ provider: 'google', mode: 'popup' })">Continue with Google</button>
 */
export function useLoginWithOAuth(callbacks: LoginWithOAuthCallbacks = {}): LoginWithOAuth {
  const client = useMoonKeyClient()
  return {
    state: useStore(client.$loginState) as Readonly<Ref<LoginState>>,
    ...withOAuthCallbacks(client, () => callbacks),
  }
}
