// Narrow structural types for the login modal. The modal receives the client
// object and uses only these members, so it can ship as its own chunk without
// importing the core client's code.

/** A read-only store: nanostores' `ReadableAtom` satisfies it. */
export interface Readable<T> {
  get(): T
  subscribe(listener: (value: T) => void): () => void
}

/** What the modal reads from a rejected `sendCode` / `loginWithCode`. `MoonKeyError` satisfies it. */
export interface ModalError {
  code: string
  message: string
  status?: number
  /** The API's `error_type`, e.g. `otp_not_found`. */
  errorType?: string
  retryAfter?: number
}

/** Every text the modal shows. `{email}`, `{seconds}`, `{minutes}` are replaced where noted. */
export interface EmailOtpTexts {
  /** Email step title (`appearance.loginHeaderTitle` wins when set). */
  emailFormTitle: string
  /** Email step title with `disableSignup`, unless `emailFormTitle` is set. */
  emailFormLoginOnlyTitle: string
  /** Email step text under the title (`appearance.loginHeaderDescription` wins); empty by default. */
  emailFormMessage: string
  emailLabel: string
  emailPlaceholder: string
  submitEmailText: string
  sendingCodeText: string
  codeFormTitle: string
  /** `{email}`, `{minutes}` */
  codeFormMessage: string
  codeLabel: string
  submitCodeText: string
  verifyingCodeText: string
  resendCodeText: string
  /** `{seconds}` */
  resendCodeCountdownText: string
  /** `{email}` */
  codeResentMessage: string
  useAnotherEmailText: string
  verifiedTitle: string
  /** `{email}` */
  verifiedMessage: string
  closeLabel: string
  invalidEmailMessage: string
  invalidCodeMessage: string
  /** Used when the API's own message (which says how many tries are left) is empty. */
  incorrectCodeMessage: string
  expiredCodeMessage: string
  /** `{seconds}` */
  rateLimitedMessage: string
  /** `{seconds}` — on the disabled button while rate limited. */
  retryCountdownText: string
  networkErrorMessage: string
  genericErrorMessage: string
  continueWithGoogleText: string
  continueWithAppleText: string
  /** Between the provider buttons and the email form. */
  oauthSeparatorText: string
  /** The user cancelled on the provider page or closed the popup. */
  oauthCancelledMessage: string
  popupBlockedMessage: string
  /** An OAuth answer that does not belong to a login started here. */
  oauthStateMismatchMessage: string
}

/** `config.emailOtp`: timing plus any text overrides. */
export interface EmailOtpConfig extends Partial<EmailOtpTexts> {
  /** Code lifetime in minutes (the API's `expires_in`), shown in `codeFormMessage`. */
  expiresIn?: number
  /** Seconds before "Resend code" is enabled after a send. */
  resendCodeTime?: number
  /** Milliseconds the success screen stays before the modal closes. */
  verifiedDisplayTime?: number
  /** Close straight after login, with no success screen. */
  skipVerifiedSuccess?: boolean
}

/** `config.appearance`: the looks of the login modal. */
export interface AppearanceConfig {
  /** Logo image URL shown above the title. */
  logo?: string
  loginHeaderTitle?: string
  loginHeaderDescription?: string
}

/** The part of `MoonKeyConfig` the modal reads. */
export interface ModalConfig {
  appearance?: AppearanceConfig
  emailOtp?: EmailOtpConfig
  loginMethods?: readonly string[]
  /** How the modal's Google and Apple buttons log in. Default `redirect`. */
  oauthMode?: 'redirect' | 'popup'
}

export interface ModalUser {
  email?: string
}

/** The subset of `MoonKeyClient` the modal uses. */
export interface ModalClient {
  $state: Readable<{ ready: boolean; isAuthenticated: boolean; user: ModalUser | null }>
  sendCode(params: { email: string; disableSignup?: boolean }): Promise<void>
  loginWithCode(params: { code: string }): Promise<unknown>
  loginWithOAuth?(params: { provider: 'google' | 'apple'; mode?: 'redirect' | 'popup' }): Promise<unknown>
  /** How the last login ended (an OAuth login that came back by redirect shows its error). */
  $loginState?: Readable<{ status: string; error: ModalError | null }>
  config: ModalConfig
}

export type LoginMethod = 'email' | 'google' | 'apple'

/** The params of `start()`. */
export interface StartParams {
  loginMethods?: readonly LoginMethod[]
  prefill?: { type: 'email'; value: string }
  /** Existing users only: the client asks the API not to create a user. */
  disableSignup?: boolean
}
