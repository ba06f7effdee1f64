export { setMoonKey } from './context.ts'
export { useLoginWithEmail } from './use-login-with-email.ts'
export { useLoginWithOAuth } from './use-login-with-oauth.ts'
export { useLoginWithWallet } from './use-login-with-wallet.ts'
export { useMoonKey } from './use-moonkey.ts'
export { useMoonKeyEvent } from './use-moonkey-event.ts'
export { isMoonKeyError, MoonKeyError } from '@moon-key/core'

export type { SetMoonKeyOptions } from './context.ts'
export type { LoginWithEmail, LoginWithEmailCallbacks } from './use-login-with-email.ts'
export type { LoginWithOAuth, LoginWithOAuthCallbacks } from './use-login-with-oauth.ts'
export type { LoginWithWallet, LoginWithWalletCallbacks } from './use-login-with-wallet.ts'
export type { MoonKey } from './use-moonkey.ts'
export type {
  AppearanceConfig,
  AuthState,
  ChainType,
  CookieOptions,
  EmailOtpConfig,
  InitialState,
  LoginState,
  LoginMethod,
  LoginStatus,
  LogoutReason,
  MoonKeyClient,
  MoonKeyConfig,
  MoonKeyErrorCode,
  MoonKeyEvent,
  MoonKeyEventHandler,
  MoonKeyEventName,
  MoonKeyOptions,
  MoonKeyState,
  MoonKeyTexts,
  OAuthLoginInput,
  OAuthProvider,
  Session,
  SessionTokens,
  StartParams,
  StorageAdapter,
  User,
  UserEmail,
  UserWallet,
  Wallet,
  WalletLoginState,
  WalletLoginStatus,
  WalletChainType,
} from '@moon-key/core'
