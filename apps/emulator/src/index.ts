export { createEmulator, startEmulator } from './emulator.ts'
export { DEFAULT_ALLOWED_ORIGINS, DEFAULT_REDIRECT_URLS } from './config.ts'
export { ApiError, isApiError } from './errors.ts'

export type { Emulator, RunningEmulator, StartOptions } from './emulator.ts'
export type { EmulatorOptions } from './config.ts'
export type { ErrorBody, ErrorType } from './errors.ts'
export type { MailMessage } from './mailbox.ts'
export type { Factor, OAuthProvider, OAuthProviderLink, SessionObject, UserObject } from './objects.ts'
