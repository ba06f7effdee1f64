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

/**
 * Every text the login modal shows, including its accessible names, in one
 * object. `{email}`, `{seconds}`, `{minutes}`, `{attempts}` are filled in where
 * noted; everything is inserted as text, never as HTML. English is the default;
 * `@moon-key/core/locales/de` and `/fr` are complete packs to pass as `config.texts`.
 */
export interface MoonKeyTexts {
  /** The dialog's `lang` attribute, for screen readers: `'en'`, `'de'`, … */
  lang: string
  /** Email step title (`appearance.loginHeaderTitle` wins when set). */
  emailFormTitle: string
  /** Email step title with `disableSignup`, unless `emailFormTitle` is configured. */
  emailFormLoginOnlyTitle: string
  /** Email step text under the title (`appearance.loginHeaderDescription` wins); empty by default. */
  emailFormMessage: string
  emailLabel: string
  emailPlaceholder: string
  submitEmailText: string
  sendingCodeText: string
  /** Code step title. */
  verifyEmailTitle: string
  /** `{email}`, `{minutes}` */
  codeFormMessage: string
  codeLabel: string
  submitCodeText: string
  verifyingCodeText: string
  /** The resend button. */
  verifyEmailResendTitle: string
  /** `{seconds}` — the resend button while it waits (`resendCodeTime`). */
  resendCodeCountdownText: string
  /** `{email}` */
  codeResentMessage: string
  useAnotherEmailText: string
  verifiedTitle: string
  /** `{email}` — on the success screen when it is unknown whether the user is new. */
  verifiedSuccessMessage: string
  /** `{email}` — for a user this login created; empty: `verifiedSuccessMessage`. */
  verifiedNewUserMessage: string
  /** `{email}` — for a returning user; empty: `verifiedSuccessMessage`. */
  verifiedExistingUserMessage: string
  /** The close button's accessible name. */
  closeLabel: string
  invalidEmailMessage: string
  invalidCodeMessage: string
  incorrectCodeMessage: string
  /** `{attempts}` — after `incorrectCodeMessage` when the API says how many tries are left. */
  attemptsLeftMessage: string
  expiredCodeMessage: string
  /** `{seconds}` */
  rateLimitedMessage: string
  /** `{seconds}` — on the disabled button while rate limited. */
  retryCountdownText: string
  networkErrorMessage: string
  /** `{email}` — with `disableSignup`, for an email that has no account. */
  userNotFoundMessage: string
  /** 5xx and anything unexpected. */
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
  /** The accessible name of the list of installed wallets. */
  walletListLabel: string
  /** `{wallet}` — while the wallet asks the user to approve the sign-in. */
  walletPendingText: string
  /** The user declined the request in the wallet (`wallet_rejected`). */
  walletRejectedMessage: string
  /** The wallet picked is gone (`wallet_not_found`). */
  walletNotFoundMessage: string
  /** The wallet failed otherwise (`wallet_error`). */
  walletErrorMessage: string
  /** No wallet of the offered chain types is installed. */
  noWalletMessage: string
  /** `{chain}` (`Ethereum`, `Solana`) — the link to a list of wallets, under `noWalletMessage`. */
  getWalletText: string
}

/** The texts the MoonKey docs set in `config.emailOtp`. */
export type EmailOtpTextKey =
  | 'verifyEmailTitle'
  | 'verifyEmailResendTitle'
  | 'verifiedNewUserMessage'
  | 'verifiedExistingUserMessage'
  | 'verifiedSuccessMessage'

/** `config.emailOtp`, as in the MoonKey docs: timing plus the documented texts. */
export interface EmailOtpConfig extends Partial<Pick<MoonKeyTexts, EmailOtpTextKey>> {
  /** Code lifetime in **seconds**, a whole number of minutes from 60 to 600. Default 600. */
  expiresIn?: number
  /** Seconds before "Resend code" is enabled after a send. Default 30. */
  resendCodeTime?: number
  /** Milliseconds the success screen stays before the modal closes. Default 3000. */
  verifiedDisplayTime?: number
  /** Close straight after login, with no success screen. Default false. */
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
  loginMethods?: readonly LoginMethod[]
  /** How the modal's Google and Apple buttons log in. Default `redirect`. */
  oauthMode?: 'redirect' | 'popup'
  texts?: Partial<MoonKeyTexts>
  /** Which wallets `'wallet'` offers, unless `start()` says; default `'ethereum-or-solana'`. */
  walletChainType?: WalletChainType
  /** CSP nonce for the `<style>` of browsers without constructable stylesheets. */
  nonce?: string
}

export interface ModalUser {
  email?: string
  /** A wallet user's first wallet: the success screen names its address. */
  wallet?: { address: string } | null
}

/** An installed wallet, as `$walletLogin` lists it (the core's `Wallet` satisfies it). */
export interface ModalWallet {
  id: string
  name: string
  /** A `data:image/…` URI (or an https URL); anything else is not shown. */
  icon: string
  chainType: 'ethereum' | 'solana'
}

/** The subset of `MoonKeyClient` the modal uses. */
export interface ModalClient {
  $state: Readable<{ ready: boolean; isAuthenticated: boolean; user: ModalUser | null }>
  sendCode(params: { email: string; disableSignup?: boolean }): Promise<void>
  loginWithCode(params: { code: string }): Promise<unknown>
  loginWithOAuth?(params: { provider: 'google' | 'apple'; mode?: 'redirect' | 'popup' }): Promise<unknown>
  /**
   * How the last login ended (an OAuth login that came back by redirect shows its error);
   * `isNewUser` tells the success screen which message to show.
   */
  $loginState?: Readable<{ status?: string; error?: ModalError | null; isNewUser?: boolean | null }>
  /** The installed wallets, updated as they announce themselves. */
  $walletLogin?: Readable<{ wallets: readonly ModalWallet[] }>
  /** Loads the wallet module (and starts discovery): resolves once the wallets found at once are listed. */
  getWallets?(): Promise<readonly ModalWallet[]>
  loginWithWallet?(params: { wallet: ModalWallet }): Promise<unknown>
  config: ModalConfig
}

/** The login methods of the MoonKey docs: `'wallet'` lists the installed wallets (Sign-In with Ethereum / Solana). */
export type LoginMethod = 'email' | 'google' | 'apple' | 'wallet'

/** Which wallets the `'wallet'` login method offers. */
export type WalletChainType = 'ethereum' | 'solana' | 'ethereum-or-solana'

/** The params of `start()`, as in the MoonKey docs. */
export interface StartParams {
  /** The methods to offer; default `config.loginMethods`, else `['email']`. */
  loginMethods?: readonly LoginMethod[]
  /** Fills in the email field (`'phone'` needs SMS login, which this build does not have). */
  prefill?: { type: 'email' | 'phone'; value: string }
  /** Existing users only: the client asks the API not to create a user. */
  disableSignup?: boolean
  /** Which wallets `'wallet'` lists; default `config.walletChainType`, else `'ethereum-or-solana'`. */
  walletChainType?: WalletChainType
}
