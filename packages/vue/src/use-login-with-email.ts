import type { LoginState, MoonKeyClient, MoonKeyError, User } from '@moon-key/core'
import { useStore } from '@nanostores/vue'
import type { Ref } from 'vue'

import { useMoonKeyClient } from './context.ts'

export interface LoginWithEmailCallbacks {
  /** After `loginWithCode` logged the user in. */
  onComplete?: (user: User) => void
  /** When `sendCode` or `loginWithCode` fails (the promise rejects too). */
  onError?: (error: MoonKeyError) => void
}

export interface LoginWithEmail extends Pick<MoonKeyClient, 'sendCode' | 'loginWithCode'> {
  /** `{ status, error }` of the email login, read-only. */
  state: Readonly<Ref<LoginState>>
}

/**
 * Email code login with your own UI.
 *
 * @example
 * const { sendCode, loginWithCode, state } = useLoginWithEmail({ onComplete: () => router.push('/') })
 * await sendCode({ email: email.value })
 * await loginWithCode({ code: code.value })
 */
export function useLoginWithEmail(callbacks: LoginWithEmailCallbacks = {}): LoginWithEmail {
  const client = useMoonKeyClient()
  const fail = (error: MoonKeyError): never => {
    callbacks.onError?.(error)
    throw error
  }
  return {
    state: useStore(client.$loginState) as Readonly<Ref<LoginState>>,
    sendCode: (input) => client.sendCode(input).catch(fail),
    loginWithCode: (input) =>
      client.loginWithCode(input).then((user) => {
        callbacks.onComplete?.(user)
        return user
      }, fail),
  }
}
