import type { ReadableAtom } from 'nanostores'

import type { MoonKeyError } from './errors.ts'
import type { LogoutReason, MoonKeyEventHandler, MoonKeyEventName } from './events.ts'
import type * as Modal from './modal/types.ts'
import type { StorageAdapter } from './storage.ts'

/** A verified email of a {@link User}. */
export interface UserEmail {
  id: string
  email: string
  verified: boolean
}

/** A wallet the {@link User} logged in with. */
export interface UserWallet {
  /** Ethereum: EIP-55 checksummed `0x…`; Solana: base58. */
  address: string
  chainType: ChainType
  /** Unix seconds of its first login; null before any. */
  verifiedAt: number | null
}

/** The logged-in user. Times are Unix seconds, as the API sends them. */
export interface User {
  id: string
  /** `''` for a user who only ever logged in with a wallet. */
  email: string
  emails: UserEmail[]
  /** The first of `wallets`, or null. */
  wallet: UserWallet | null
  wallets: UserWallet[]
  status: string
  createdAt: number
  updatedAt: number
  metadata: Record<string, unknown>
}

/** The current session. Times are Unix seconds (server clock). */
export interface Session {
  id: string
  userId: string
  startedAt: number
  expiresAt: number
}

/**
 * What `getSessionTokens()` resolves to for a logged-in user. While its JWT
 * is fresh, calls share one object: read it, do not change it.
 */
export interface SessionTokens {
  /** Opaque, revocable, verified by your backend through the MoonKey API. */
  readonly sessionToken: string
  /** RS256 JWT, 5 minutes long, verifiable offline with the JWKS. */
  readonly sessionJwt: string
}

interface SignedIn {
  /**
   * False until the stored session was read (always false on the server),
   * unless the client was created with an `initialState`: then it is true
   * from the start (see {@link MoonKeyOptions.initialState}).
   */
  ready: boolean
  isAuthenticated: true
  user: User
}

interface SignedOut {
  /** See {@link SignedIn.ready}. */
  ready: boolean
  isAuthenticated: false
  user: null
}

/**
 * `ready`, `isAuthenticated` and `user`, where `user` is set exactly when
 * `isAuthenticated` is true: checking one narrows the other. It is what the
 * bindings' `useMoonKey()` returns besides the functions.
 *
 * @example
 * if (state.isAuthenticated) greet(state.user.email) // no null check needed
 */
export type AuthState = SignedIn | SignedOut

/**
 * The value of `$state`: the {@link AuthState}, the session and, while logged
 * out, why the last session ended (`null` if none ended in this tab's lifetime).
 *
 * `persisted` is false while the storage failed to take the latest login or
 * logout, so a reload now would not show what `$state` shows: the session (or
 * its logout) lives in memory only, and the client keeps writing it until the
 * storage takes it, which turns `persisted` true again. It is true otherwise,
 * and on the server.
 */
export type MoonKeyState =
  | (SignedIn & { session: Session; reason: null; persisted: boolean })
  | (SignedOut & { session: null; reason: LogoutReason | null; persisted: boolean })

export type LoginStatus =
  | 'initial'
  | 'sending-code'
  | 'awaiting-code-input'
  | 'submitting-code'
  | 'awaiting-oauth'
  | 'done'
  | 'error'

/** The value of `$loginState`: where the email or OAuth login stands. */
export interface LoginState {
  status: LoginStatus
  error: MoonKeyError | null
  /**
   * Whether the last successful `sendCode()` created the user (the API's
   * `user_created`): set from `awaiting-code-input` on and still set once
   * `loginWithCode()` is `done`; `undefined` before the first send.
   */
  isNewUser?: boolean
}

export type ChainType = 'ethereum' | 'solana'

/** An installed wallet, found through EIP-6963, `window.ethereum` or the Wallet Standard. */
export interface Wallet {
  /** Stable for one wallet: `ethereum:<rdns>`, `ethereum:injected` or `solana:<name>`. */
  id: string
  name: string
  /** A `data:` URI of its icon, `''` when it has none (`window.ethereum`). */
  icon: string
  chainType: ChainType
  /** The EIP-6963 reverse-DNS id, e.g. `io.metamask`. */
  rdns?: string
}

export type WalletLoginStatus =
  | 'initial'
  | 'connecting-wallet'
  | 'awaiting-signature'
  | 'verifying'
  | 'done'
  | 'error'

/** The value of `$walletLogin`: the installed wallets and where a wallet login stands. */
export interface WalletLoginState {
  /** Updated as wallets announce themselves (discovery starts with the first listener or call). */
  wallets: Wallet[]
  status: WalletLoginStatus
  error: MoonKeyError | null
}

/** Login configuration, as in the MoonKey docs (read by the login modal). */
export interface MoonKeyConfig {
  /** Default `['email']`: `'email'`, `'google'`, `'apple'`, `'wallet'`, in the order the login modal shows them. */
  loginMethods?: Modal.LoginMethod[]
  /** How the login modal's Google and Apple buttons log in. Default `redirect`. */
  oauthMode?: 'redirect' | 'popup'
  emailOtp?: Modal.EmailOtpConfig
  appearance?: Modal.AppearanceConfig
  /** Any of the modal's texts, e.g. a locale pack: `import { de } from '@moon-key/core/locales/de'`. */
  texts?: Partial<Modal.MoonKeyTexts>
  /** Which installed wallets the login modal's `'wallet'` method lists; default `'ethereum-or-solana'`. */
  walletChainType?: Modal.WalletChainType
  /**
   * A CSP nonce for the login modal's `<style>`, needed only in browsers
   * without constructable stylesheets (Safari before 16.4) under a
   * `style-src` without 'unsafe-inline'.
   */
  nonce?: string
}

/** An OAuth identity provider of `loginWithOAuth`. */
export type OAuthProvider = 'google' | 'apple'

/** What `loginWithOAuth` takes. */
export interface OAuthLoginInput {
  provider: OAuthProvider
  /** `redirect` (default) leaves the page and comes back; `popup` logs in in a small window. */
  mode?: 'redirect' | 'popup'
  /** Where the provider sends the browser back; this page's origin. Default: this page. */
  redirectUrl?: string
}

/**
 * What the server knew about the session when it rendered the page: what
 * `@moon-key/server`'s `auth()` (Next.js) or `locals.auth` (SvelteKit)
 * returned, passed on unchanged. Only `user` (and `session`, when there) is
 * read; a value whose `user` is missing or `null` counts as unknown.
 */
export interface InitialState {
  user?: User | null | undefined
  /** Any object with the {@link Session} fields (the server's session has more). */
  session?: Session | null | undefined
  sessionId?: string | undefined
}

/** Options of the session cookies (see {@link MoonKeyOptions.cookies}). */
export interface CookieOptions {
  /** Default: true on `https:` pages. */
  secure?: boolean
  /** Default `'lax'`. */
  sameSite?: 'lax' | 'strict' | 'none'
  /** Default: none (the cookie goes to this host only). */
  domain?: string
  /** Default `'/'`. */
  path?: string
}

export interface MoonKeyOptions {
  /** `pk_test_…` or `pk_live_…`. */
  publishableKey: string
  /** Default `https://api.moonkey.fun`. */
  apiUrl?: string
  config?: MoonKeyConfig
  /** Default `'indexeddb'`. */
  storage?: 'indexeddb' | 'memory' | StorageAdapter
  /** Replaces the global `fetch` (tests, proxies). */
  fetch?: typeof globalThis.fetch
  /**
   * Mirrors the session into two first-party cookies, `moonkey_session` (the
   * JWT) and `moonkey_session_token`, so a server render can read it (with
   * `@moon-key/server`'s `getAuth`). Off by default; does nothing on the server.
   *
   * @example
   * createMoonKey({ publishableKey: 'pk_test_…', cookies: true })
   */
  cookies?: boolean | CookieOptions
  /**
   * The session as the server rendered it (`auth()` / `locals.auth`), so the
   * first render in the browser matches the server's HTML:
   *
   * - `undefined` (default): unknown. `$state` starts `ready: false` and turns
   *   ready once the stored session was read.
   * - `{ user }`: logged in. `$state` starts `ready: true` with that user
   *   (also on the server). The browser then reads its stored session as
   *   usual; if it shows the same user, nothing changes, otherwise (logged out
   *   in another tab meanwhile, another user) `$state` takes the browser's
   *   view in one update.
   * - `null`: the server saw no session. `$state` starts `ready: true` and
   *   logged out, and likewise takes a stored session in one update.
   * - `{ user: null }` (or no `user`): counts as unknown, like `undefined`.
   *
   * @example
   * createMoonKey({ publishableKey: 'pk_test_…', cookies: true, initialState: await auth() })
   */
  initialState?: InitialState | null | undefined
}

export interface MoonKeyClient {
  readonly $state: ReadableAtom<MoonKeyState>
  readonly $loginState: ReadableAtom<LoginState>
  readonly config: Readonly<MoonKeyConfig>
  /**
   * Opens the login modal (loaded on first use). Does nothing on the server,
   * while logged in, or after `destroy()`; focuses the modal if it is open.
   */
  start(params?: Modal.StartParams): void
  /**
   * Calls `handler` on each `'login'`, `'logout'` (with its `reason`),
   * `'refresh'` or `'ready'` in this tab; returns the unsubscribe. Starts the client.
   *
   * @example
   * const off = moonkey.on('logout', ({ reason }) => reason === 'expired' && showExpiredNotice())
   */
  on<N extends MoonKeyEventName>(name: N, handler: MoonKeyEventHandler<N>): () => void
  /**
   * Resolves with the `$state` value once the stored session was read (at
   * once on the server); starts the client.
   *
   * @example
   * const { isAuthenticated } = await moonkey.whenReady()
   */
  whenReady(): Promise<MoonKeyState>
  /**
   * A fresh JWT and the session token, or `null` when logged out. With
   * `forceRefresh`, a new JWT even when the current one is fresh.
   *
   * @example
   * const tokens = await moonkey.getSessionTokens({ forceRefresh: true }) // after a claims change
   */
  getSessionTokens(options?: { forceRefresh?: boolean }): Promise<SessionTokens | null>
  logout(): Promise<void>
  /** With `disableSignup`, only existing users get a code (`user_not_found` otherwise). */
  sendCode(input: { email: string; disableSignup?: boolean }): Promise<void>
  loginWithCode(input: { code: string }): Promise<User>
  /**
   * Logs in with Google or Apple (loaded on first use). By redirect it leaves the page
   * and never settles; the client finishes the login when the app loads again, and
   * `$loginState` shows the outcome. By popup it resolves with the user.
   *
   * @example
   * button.onclick = () => moonkey.loginWithOAuth({ provider: 'google', mode: 'popup' })
   */
  loginWithOAuth(input: OAuthLoginInput): Promise<User>
  /** Installed wallets and the wallet login's status; the first listener starts wallet discovery. */
  readonly $walletLogin: ReadableAtom<WalletLoginState>
  /** Lists the installed wallets (loads the wallet module on first use). */
  getWallets(): Promise<Wallet[]>
  /**
   * Logs in by signing a Sign-In with Ethereum / Solana message. Without
   * `wallet`, the first wallet (of `chainType`, if given) is used.
   * Fails with `wallet_not_found`, `wallet_rejected`, `wallet_error` or an API error.
   */
  loginWithWallet(input?: { wallet?: Wallet; chainType?: ChainType }): Promise<User>
  destroy(): void
}
