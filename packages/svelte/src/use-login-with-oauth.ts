import { withOAuthCallbacks, type LoginState, type LoginWithOAuthActions, type LoginWithOAuthCallbacks } from '@moon-key/core'
import { fromStore } from 'svelte/store'

import { getMoonKeyClient } from './context.ts'

export type { LoginWithOAuthCallbacks }

export interface LoginWithOAuth extends LoginWithOAuthActions {
  /** `{ status, error }` of the login, shared with the email login (reactive getter). */
  readonly state: LoginState
}

/**
 * Google or Apple login with your own buttons.
 *
 * @example
 * const oauth = useLoginWithOAuth({ onComplete: () => goto('/') })
 * // <button onclick={() => oauth.initOAuth({ provider: 'google', mode: 'popup' })}>Continue with Google</button>
 */
export function useLoginWithOAuth(callbacks: LoginWithOAuthCallbacks = {}): LoginWithOAuth {
  const client = getMoonKeyClient()
  const state = fromStore(client.$loginState)
  return {
    get state() {
      return state.current
    },
    ...withOAuthCallbacks(client, () => callbacks),
  }
}
