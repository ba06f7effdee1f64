import { withLoginCallbacks, type LoginState, type LoginWithEmailCallbacks, type MoonKeyClient } from '@moon-key/core'
import { fromStore } from 'svelte/store'

import { getMoonKeyClient } from './context.ts'

export type { LoginWithEmailCallbacks }

export interface LoginWithEmail extends Pick<MoonKeyClient, 'sendCode' | 'loginWithCode'> {
  /** `{ status, error }` of the email login (reactive getter). */
  readonly state: LoginState
}

/**
 * Email code login with your own UI.
 *
 * @example
 * const login = useLoginWithEmail({ onComplete: () => goto('/') })
 * await login.sendCode({ email })
 * // {#if login.state.status === 'awaiting-code-input'} …code form… {/if}
 */
export function useLoginWithEmail(callbacks: LoginWithEmailCallbacks = {}): LoginWithEmail {
  const client = getMoonKeyClient()
  const state = fromStore(client.$loginState)
  return {
    get state() {
      return state.current
    },
    ...withLoginCallbacks(client, () => callbacks),
  }
}
