import { fill } from './texts.ts'
import type { EmailOtpTexts, ModalError } from './types.ts'

/** How the modal reacts to a failed call. */
export type ErrorKind = 'email' | 'code' | 'expired' | 'rate' | 'network' | 'other'

export interface ErrorView {
  kind: ErrorKind
  message: string
  /** Seconds to wait, for `rate`. */
  retryAfter: number
}

function asModalError(error: unknown): Partial<ModalError> {
  return typeof error === 'object' && error !== null ? (error as Partial<ModalError>) : {}
}

/**
 * Turns a rejection from `sendCode` / `loginWithCode` into the inline message.
 * A wrong code shows the API's own message, which says how many tries are left.
 */
export function describeError(error: unknown, texts: EmailOtpTexts): ErrorView {
  const { code, message, status, errorType, retryAfter } = asModalError(error)
  const view = (kind: ErrorKind, text: string, wait = 0): ErrorView => ({
    kind,
    message: text,
    retryAfter: wait,
  })
  if (errorType === 'otp_not_found') return view('expired', texts.expiredCodeMessage)
  switch (code) {
    case 'invalid_email':
      return view('email', texts.invalidEmailMessage)
    case 'invalid_code':
    case 'invalid_otp_format':
      return view('code', texts.invalidCodeMessage)
    case 'otp_incorrect':
      return view('code', message || texts.incorrectCodeMessage)
    case 'otp_expired':
      return view('expired', texts.expiredCodeMessage)
    case 'rate_limited': {
      const wait = Math.max(0, Math.ceil(Number(retryAfter) || 0))
      return view('rate', fill(texts.rateLimitedMessage, { seconds: wait || '' }), wait)
    }
    case 'oauth_cancelled':
      return view('other', texts.oauthCancelledMessage)
    case 'popup_blocked':
      return view('other', texts.popupBlockedMessage)
    case 'oauth_state_mismatch':
      return view('other', texts.oauthStateMismatchMessage)
    case 'network_error':
    case 'timeout':
    case 'offline':
      return view('network', texts.networkErrorMessage)
  }
  if (!code || (status ?? 0) >= 500 || code === 'server_error' || code === 'internal_error') {
    return view('other', texts.genericErrorMessage)
  }
  // e.g. `not_found` (`user_not_found`) with `disableSignup`: the API's message says what is wrong.
  return view('other', message || texts.genericErrorMessage)
}
