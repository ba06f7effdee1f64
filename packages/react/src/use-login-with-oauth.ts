import { withOAuthCallbacks, type LoginState, type LoginWithOAuthActions, type LoginWithOAuthCallbacks } from '@moon-key/core'
import { useInsertionEffect, useMemo, useRef } from 'react'

import { useMoonKeyClient } from './context.ts'
import { useStore } from './use-store.ts'

export type { LoginWithOAuthCallbacks }

export interface LoginWithOAuth extends LoginWithOAuthActions {
  /** `{ status, error }` of the login (shared with the email login). */
  state: LoginState
}

/**
 * Google or Apple login with your own buttons.
 *
 * @example
 * const { initOAuth, state } = useLoginWithOAuth({ onComplete: (user) => go('/') })
 * <button onClick={() => initOAuth({ provider: 'google', mode: 'popup' })}>Continue with Google</button>
 */
export function useLoginWithOAuth(callbacks: LoginWithOAuthCallbacks = {}): LoginWithOAuth {
  const client = useMoonKeyClient()
  const state = useStore(client.$loginState)
  const latest = useRef(callbacks)
  useInsertionEffect(() => {
    latest.current = callbacks
  })
  // A stable identity; the callbacks read at call time are the latest render's.
  const { initOAuth } = useMemo(() => withOAuthCallbacks(client, () => latest.current), [client])
  return { initOAuth, state }
}
