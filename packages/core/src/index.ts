export { createMoonKey } from './client.ts'
export { withLoginCallbacks } from './email-login.ts'
export { isMoonKeyError, MoonKeyError } from './errors.ts'

export type { LoginWithEmailCallbacks } from './email-login.ts'
export type { MoonKeyErrorCode } from './errors.ts'
export type { LogoutReason, MoonKeyEvent, MoonKeyEventHandler, MoonKeyEventName } from './events.ts'
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
  LoginState,
  LoginStatus,
  MoonKeyClient,
  MoonKeyConfig,
  MoonKeyOptions,
  MoonKeyState,
  Session,
  SessionTokens,
  User,
  UserEmail,
} from './types.ts'
