import { atom, type WritableAtom } from 'nanostores'

import { MoonKeyError } from './errors.ts'
import { toMoonKeyError, type Http } from './http.ts'
import type { SessionAnswer } from './session-store.ts'
import type { LoginState, LoginStatus, User } from './types.ts'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export interface EmailLogin {
  /** Writable inside the client (the OAuth login reports here too); read-only on the client's type. */
  $loginState: WritableAtom<LoginState>
  sendCode(input: { email: string; disableSignup?: boolean }): Promise<void>
  loginWithCode(input: { code: string }): Promise<User>
}

/**
 * Headless email login: `sendCode` then `loginWithCode`. Both check their
 * input locally first (`invalid_email`, `invalid_code`, no request). A failed
 * step sets `$loginState` to `error`; the code can be entered again.
 *
 * @example
 * const login = createEmailLogin(http, (answer) => adopt(answer))
 * await login.sendCode({ email: 'ada@example.com' })
 * const user = await login.loginWithCode({ code: '123456' })
 */
export const createEmailLogin = (
  http: Http,
  login: (answer: SessionAnswer) => Promise<User>,
  expiresIn?: number,
): EmailLogin => {
  const $loginState = atom<LoginState>({ status: 'initial', error: null })
  let emailId: string | undefined
  /** `user_created` of the last successful send. */
  let isNewUser: boolean | undefined
  // `emailOtp.expiresIn` is seconds (the docs' 600 = 10 minutes); the API takes whole minutes, 1–10.
  const badLifetime =
    expiresIn !== undefined &&
    !(expiresIn % 60 == 0 && expiresIn > 0 && expiresIn <= 600) &&
    new MoonKeyError('invalid_request', `Invalid emailOtp.expiresIn ${expiresIn}: seconds, 60 to 600, whole minutes`)

  const step = async <T>(
    status: LoginStatus,
    invalid: MoonKeyError | false,
    run: () => Promise<T>,
    next: LoginStatus,
  ): Promise<T> => {
    try {
      if (invalid) throw invalid
      $loginState.set({ status, error: null, isNewUser })
      const result = await run()
      $loginState.set({ status: next, error: null, isNewUser })
      return result
    } catch (e) {
      const error = await toMoonKeyError(e)
      $loginState.set({ status: 'error', error, isNewUser })
      throw error
    }
  }

  return {
    $loginState,
    sendCode: ({ email, disableSignup }) =>
      step(
        'sending-code',
        badLifetime ||
          (!EMAIL.test(email?.trim()) && new MoonKeyError('invalid_email', 'Enter a valid email address')),
        async () => {
          // `send` never creates a user: an unknown email is `user_not_found`.
          const path = disableSignup ? 'v1/auth/otps/email/send' : 'v1/auth/otps/email/login_or_create'
          const answer = await http<{ email_id: string; user_created?: boolean }>('post', path, {
            email: email.trim(),
            ...(expiresIn && { expires_in: expiresIn / 60 }),
          })
          emailId = answer.email_id
          isNewUser = answer.user_created
        },
        'awaiting-code-input',
      ),
    loginWithCode: ({ code }) =>
      step(
        'submitting-code',
        (!/^\d{6}$/.test(code?.trim()) &&
          new MoonKeyError('invalid_code', 'Enter the 6-digit code from the email')) ||
          (!emailId && new MoonKeyError('invalid_request', 'Call sendCode() before loginWithCode()')),
        async () => {
          const user = await login(
            await http<SessionAnswer>('post', 'v1/auth/otps/verify', {
              method_id: emailId,
              otp: code.trim(),
            }),
          )
          emailId = undefined
          return user
        },
        'done',
      ),
  }
}

/** The callbacks of the bindings' `useLoginWithEmail()`. */
export interface LoginWithEmailCallbacks {
  /** After `loginWithCode` logged the user in. */
  onComplete?: (user: User) => void
  /** When `sendCode` or `loginWithCode` fails (the promise rejects too). */
  onError?: (error: MoonKeyError) => void
}

/**
 * The client's `sendCode` and `loginWithCode`, also calling the callbacks that
 * `current()` returns at that moment. The bindings' `useLoginWithEmail()` is
 * this plus their framework's store subscription.
 *
 * @example
 * const { sendCode, loginWithCode } = withLoginCallbacks(moonkey, () => ({
 *   onComplete: (user) => router.push('/'),
 * }))
 */
export const withLoginCallbacks = (
  client: Pick<EmailLogin, 'sendCode' | 'loginWithCode'>,
  current: () => LoginWithEmailCallbacks,
): Pick<EmailLogin, 'sendCode' | 'loginWithCode'> => {
  const fail = (error: MoonKeyError): never => {
    current().onError?.(error)
    throw error
  }
  return {
    sendCode: (input) => client.sendCode(input).catch(fail),
    loginWithCode: (input) =>
      client.loginWithCode(input).then((user) => {
        current().onComplete?.(user)
        return user
      }, fail),
  }
}
