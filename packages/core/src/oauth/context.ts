import type { WritableAtom } from 'nanostores'

import type { MoonKeyError } from '../errors.ts'
import type { Http } from '../http.ts'
import type { SessionAnswer } from '../session-store.ts'
import type { LoginState, User } from '../types.ts'

/**
 * What the lazily loaded OAuth code needs from the client. The error class comes
 * through here too, so a separately built chunk (the script-tag build) throws the
 * very `MoonKeyError` that `isMoonKeyError` knows.
 */
export interface OAuthContext {
  MoonKeyError: typeof MoonKeyError
  http: Http
  publishableKey: string
  /** The client's login path: stores the session and returns the user. */
  login: (answer: SessionAnswer) => Promise<User>
  $loginState: WritableAtom<LoginState>
  /** Opens the login modal (to show how a login it started ended). */
  start: () => void
}

/** What the provider appends to the redirect URL. */
export interface CallbackResult {
  state: string | null
  token: string | null
  error: string | null
}

/** A login started by redirect, kept in `sessionStorage` until its callback. */
export interface Pending {
  state: string
  verifier: string
}

/** The parameters the callback adds to the redirect URL, removed after it is handled. */
export const CALLBACK_PARAMS = ['token', 'moonkey_token_type', 'state', 'error', 'error_description']

/**
 * Every `state` of ours starts with `mk` (the client looks for `state=mk` in the address
 * to load this code): `mkp.` for a popup login, whose page hands the result back, and
 * `mkr.` for a redirect.
 */
export const POPUP = 'mkp.'
export const REDIRECT = 'mkr.'

/** Set while a login the modal started is away at the provider: the page that comes back reopens the modal. */
export const REOPEN_MODAL_KEY = 'moonkey:oauth:modal'

export const pendingKey = (publishableKey: string): string => `moonkey:oauth:${publishableKey}`

/** The same-origin channel a popup's page answers its opener on. */
export const channelName = (publishableKey: string): string => `moonkey:oauth:${publishableKey}`
