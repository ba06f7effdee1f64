import type { LoginState, MoonKeyClient, MoonKeyError, User } from '@moon-key/core'
import { fromStore } from 'svelte/store'

import { getMoonKeyClient } from './context.ts'

export interface LoginWithEmailCallbacks {
  /** After `loginWithCode` logged the user in. */
  onComplete?: (user: User) => void
  /** When `sendCode` or `loginWithCode` fails (the promise rejects too). */
  onError?: (error: MoonKeyError) => void
}

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
  const fail = (error: MoonKeyError): never => {
    callbacks.onError?.(error)
    throw error
  }
  return {
    get state() {
      return state.current
    },
    sendCode: (input) => client.sendCode(input).catch(fail),
    loginWithCode: (input) =>
      client.loginWithCode(input).then((user) => {
        callbacks.onComplete?.(user)
        return user
      }, fail),
  }
}
