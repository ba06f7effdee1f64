import { withLoginCallbacks, type LoginState, type LoginWithEmailCallbacks, type MoonKeyClient } from '@moon-key/core'
import { useStore } from '@nanostores/vue'
import type { Ref } from 'vue'

import { useMoonKeyClient } from './context.ts'

export type { LoginWithEmailCallbacks }

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
  return {
    state: useStore(client.$loginState) as Readonly<Ref<LoginState>>,
    ...withLoginCallbacks(client, () => callbacks),
  }
}
