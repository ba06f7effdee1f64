import type { KeyObject } from 'node:crypto'

export interface EmulatorOptions {
  /** Directory of the SQLite file. Omitted (or `memory: true`) → in-memory database. */
  dataDir?: string
  memory?: boolean
  /** Default `app_test_emulator`. */
  appId?: string
  /** Default `pk_test_emulator`. */
  publishableKey?: string
  /** Default `sk_test_emulator`. */
  secretKey?: string
  /** `iss` is `${issuerHost}/${appId}`. Default `moonkey.fun`. */
  issuerHost?: string
  /** Session JWT lifetime in seconds. Default 300. */
  jwtLifetimeSeconds?: number
  /** Clock in ms since the epoch. Default `Date.now`. */
  now?: () => number
  /** Allowed CORS origins; `*` matches any port, e.g. `http://localhost:*`. */
  allowedOrigins?: string[]
  /**
   * Where OAuth logins may send the browser back to (`login_redirect_url`, `registration_redirect_url`).
   * An origin pattern as for `allowedOrigins` (any path), or a full URL (that path only).
   */
  redirectUrls?: string[]
  /** OTP sends (and wrong attempts) allowed per email per window. */
  rateLimit?: { sendsPerWindow?: number; windowSeconds?: number; attemptsPerWindow?: number }
  /** Where OTP emails and info lines go. Default `console.log`. */
  log?: (line: string) => void
  /**
   * RSA private key to use as the first signing key of a fresh database, instead of
   * generating one (2048-bit generation takes a few hundred ms; tests share one key).
   */
  initialSigningKey?: KeyObject
}

export interface EmulatorConfig {
  dataDir: string | undefined
  appId: string
  publishableKey: string
  secretKey: string
  issuer: string
  jwtLifetimeSeconds: number
  now: () => number
  allowedOrigins: string[]
  redirectUrls: string[]
  sendsPerWindow: number
  attemptsPerWindow: number
  windowSeconds: number
  log: (line: string) => void
  initialSigningKey: KeyObject | undefined
}

export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*']
export const DEFAULT_REDIRECT_URLS = DEFAULT_ALLOWED_ORIGINS

export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  const appId = options.appId ?? 'app_test_emulator'
  const lifetime = options.jwtLifetimeSeconds ?? 300
  if (!Number.isInteger(lifetime) || lifetime < 1) throw new Error('jwtLifetimeSeconds must be a positive integer')
  return {
    dataDir: options.memory ? undefined : options.dataDir,
    appId,
    publishableKey: options.publishableKey ?? 'pk_test_emulator',
    secretKey: options.secretKey ?? 'sk_test_emulator',
    issuer: `${options.issuerHost ?? 'moonkey.fun'}/${appId}`,
    jwtLifetimeSeconds: lifetime,
    now: options.now ?? Date.now,
    allowedOrigins: options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS,
    redirectUrls: options.redirectUrls ?? DEFAULT_REDIRECT_URLS,
    sendsPerWindow: options.rateLimit?.sendsPerWindow ?? 5,
    attemptsPerWindow: options.rateLimit?.attemptsPerWindow ?? 15,
    windowSeconds: options.rateLimit?.windowSeconds ?? 60,
    log: options.log ?? ((line) => console.log(line)),
    initialSigningKey: options.initialSigningKey,
  }
}

/** Seconds since the epoch from the configured clock. */
export function nowSeconds(config: EmulatorConfig): number {
  return Math.floor(config.now() / 1000)
}
