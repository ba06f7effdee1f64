import type { LoginState, MoonKeyClient, MoonKeyError, User } from '@moon-key/core'
import { useStore } from '@nanostores/react'
import { useCallback, useInsertionEffect, useRef } from 'react'

import { useMoonKeyClient } from './context.ts'

export interface LoginWithEmailCallbacks {
  /** After `loginWithCode` logged the user in. */
  onComplete?: (user: User) => void
  /** When `sendCode` or `loginWithCode` fails (the promise rejects too). */
  onError?: (error: MoonKeyError) => void
}

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
  const state = useStore(client.$loginState, { ssr: 'initial' })
  const latest = useRef(callbacks)
  useInsertionEffect(() => {
    latest.current = callbacks
  })
  const fail = (error: MoonKeyError): never => {
    latest.current.onError?.(error)
    throw error
  }
  const sendCode = useCallback<LoginWithEmail['sendCode']>(
    (input) => client.sendCode(input).catch(fail),
    [client],
  )
  const loginWithCode = useCallback<LoginWithEmail['loginWithCode']>(
    (input) =>
      client.loginWithCode(input).then((user) => {
        latest.current.onComplete?.(user)
        return user
      }, fail),
    [client],
  )
  return { sendCode, loginWithCode, state }
}
