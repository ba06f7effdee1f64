import { withLoginCallbacks, type LoginState, type LoginWithEmailCallbacks, type MoonKeyClient } from '@moon-key/core'
import { useInsertionEffect, useMemo, useRef } from 'react'

import { useMoonKeyClient } from './context.ts'
import { useStore } from './use-store.ts'

export type { LoginWithEmailCallbacks }

export interface LoginWithEmail extends Pick<MoonKeyClient, 'sendCode' | 'loginWithCode'> {
  /** `{ status, error }` of the email login. */
  state: LoginState
}

/**
 * Email code login with your own UI.
 *
 * @example
 * const { sendCode, loginWithCode, state } = useLoginWithEmail({ onComplete: (user) => go('/') })
 * await sendCode({ email })
 * await loginWithCode({ code })
 */
export function useLoginWithEmail(callbacks: LoginWithEmailCallbacks = {}): LoginWithEmail {
  const client = useMoonKeyClient()
  const state = useStore(client.$loginState)
  const latest = useRef(callbacks)
  useInsertionEffect(() => {
    latest.current = callbacks
  })
  // Stable identities; the callbacks read at call time are the latest render's.
  const { sendCode, loginWithCode } = useMemo(() => withLoginCallbacks(client, () => latest.current), [client])
  return { sendCode, loginWithCode, state }
}
