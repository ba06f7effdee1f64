export { createMoonKeyServer } from './client.ts'
export { bearerCredential, looksLikeJwt } from './credentials.ts'
export { MoonKeyAuthError, isMoonKeyAuthError, authErrorResponse } from './errors.ts'

export type { MoonKeyAuthErrorCode, AuthErrorBody } from './errors.ts'
export type {
  CookieRequest,
  DeleteSessionInput,
  DeviceFingerprint,
  GetAuthOptions,
  GetAuthResult,
  MoonKeyServer,
  MoonKeyServerOptions,
  MoonKeySession,
  MoonKeyUser,
  RequestAuth,
  SessionFactor,
  ServerAuth,
  SessionJwtClaims,
  UserEmail,
  UserWallet,
  VerifiedSession,
  VerifiedSessionJwt,
} from './types.ts'
