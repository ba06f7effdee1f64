export { createMoonKey } from './client.ts'
export { withLoginCallbacks } from './email-login.ts'
export { isMoonKeyError, MoonKeyError } from './errors.ts'
export { withOAuthCallbacks } from './oauth-callbacks.ts'
export { withWalletCallbacks } from './login/wallet-callbacks.ts'

export type { LoginWithEmailCallbacks } from './email-login.ts'
export type { LoginWithWalletCallbacks } from './login/wallet-callbacks.ts'
export type { MoonKeyErrorCode } from './errors.ts'
export type { LogoutReason, MoonKeyEvent, MoonKeyEventHandler, MoonKeyEventName } from './events.ts'
export type { LoginWithOAuthActions, LoginWithOAuthCallbacks } from './oauth-callbacks.ts'
export type {
  AppearanceConfig,
  EmailOtpConfig,
  LoginMethod,
  MoonKeyTexts,
  StartParams,
  WalletChainType,
} from './modal/types.ts'
export type { StorageAdapter } from './storage.ts'
export type {
  AuthState,
  ChainType,
  CookieOptions,
  InitialState,
  LoginState,
  LoginStatus,
  MoonKeyClient,
  MoonKeyConfig,
  MoonKeyOptions,
  MoonKeyState,
  OAuthLoginInput,
  OAuthProvider,
  Session,
  SessionTokens,
  User,
  UserEmail,
  UserWallet,
  Wallet,
  WalletLoginState,
  WalletLoginStatus,
} from './types.ts'
