import { fill } from './texts.ts'
import type { ModalError, MoonKeyTexts } from './types.ts'

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
 * Turns a rejection from `sendCode`, `loginWithCode`, `loginWithOAuth` or `loginWithWallet` into the inline message,
 * always from `texts`: the API's English messages are never shown. Of a wrong
 * code's message only the number of tries left is used (`{attempts}`).
 */
export function describeError(error: unknown, texts: MoonKeyTexts, email = ''): ErrorView {
  const { code, message, errorType, retryAfter } = asModalError(error)
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
    case 'otp_incorrect': {
      const attempts = /\d+/.exec(String(message ?? ''))?.[0]
      const left = attempts ? ` ${fill(texts.attemptsLeftMessage, { attempts })}` : ''
      return view('code', texts.incorrectCodeMessage + left)
    }
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
    case 'wallet_rejected':
      return view('other', texts.walletRejectedMessage)
    case 'wallet_not_found':
      return view('other', texts.walletNotFoundMessage)
    case 'wallet_error':
      return view('other', texts.walletErrorMessage)
    case 'network_error':
    case 'timeout':
    case 'offline':
      return view('network', texts.networkErrorMessage)
  }
  // With `disableSignup`, an email that has no account.
  if (code === 'user_not_found' || errorType === 'user_not_found') {
    return view('other', fill(texts.userNotFoundMessage, { email }))
  }
  return view('other', texts.genericErrorMessage)
}
