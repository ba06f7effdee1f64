import { createHash, randomInt } from 'node:crypto'
import { nowSeconds, type EmulatorConfig } from './config.ts'
import { newId, randomBase62, safeEqual, sha256Hex } from './crypto.ts'
import type { Db, EmailRow, OAuthAccountRow, OAuthFlowRow, OAuthTokenRow } from './db.ts'
import { ApiError } from './errors.ts'
import type { Factor, OAuthProvider } from './objects.ts'
import type { Users } from './users.ts'

export const OAUTH_PROVIDERS: readonly OAuthProvider[] = ['google', 'apple']
export const isOAuthProvider = (value: string): value is OAuthProvider =>
  (OAUTH_PROVIDERS as readonly string[]).includes(value)

/** Lifetime of a `begin` (the provider page) and of the token it hands back. */
export const OAUTH_TTL_SECONDS = 10 * 60

export interface BeginInput {
  login_redirect_url: string
  registration_redirect_url?: string | undefined
  state?: string | undefined
  code_challenge?: string | undefined
}

/** What the provider page needs: the flow and the accounts seen before for this provider. */
export interface ProviderView {
  flow: OAuthFlowRow
  accounts: OAuthAccountRow[]
}

export interface OAuthLogin {
  email: EmailRow
  account: OAuthAccountRow
  user_created: boolean
  /** The factor the session gets, for `sessions.authenticateFactor`. */
  factor: (now: number) => Factor
}

export interface OAuthService {
  /** Starts a login; returns the id of the flow the provider page serves. */
  begin(provider: OAuthProvider, input: BeginInput): string
  /** The live flow behind a provider page, or undefined when unknown, used or expired. */
  view(provider: OAuthProvider, flowId: string): ProviderView | undefined
  /**
   * The user picked an account (by id) or typed one in: ends the flow and returns where
   * to send the browser (the redirect URL with `token`, `moonkey_token_type` and `state`).
   */
  complete(flow: OAuthFlowRow, who: { accountId: string } | { email: string; name: string; hideEmail: boolean }): string
  /** The user cancelled: ends the flow and returns the redirect URL with `error=access_denied`. */
  cancel(flow: OAuthFlowRow): string
  /** Redeems a token once: checks expiry and PKCE, links or creates the user, and names the factor. */
  verify(token: string, codeVerifier: string | undefined): OAuthLogin
  /** Every account the fake providers have seen, newest first. */
  accounts(provider?: OAuthProvider): OAuthAccountRow[]
}

/** base64url(SHA-256(verifier)), the S256 code challenge of RFC 7636. */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url')

/** Apple's "Hide my email": a stable private relay address per app and real address. */
export const relayAddress = (appId: string, email: string): string =>
  `${sha256Hex(`${appId}:${email}`).slice(0, 12)}@privaterelay.appleid.com`

const digits = (n: number): string => Array.from({ length: n }, () => randomInt(10)).join('')

/** A subject shaped like the real provider's: Google's is 21 digits, Apple's `000123.<hex>.0456`. */
const subjectFor = (provider: OAuthProvider): string =>
  provider === 'google' ? `1${digits(20)}` : `000${digits(3)}.${sha256Hex(randomBase62(16))}.0${digits(3)}`

const withParams = (url: string, params: Record<string, string | null>): string => {
  const target = new URL(url)
  for (const [name, value] of Object.entries(params)) if (value !== null) target.searchParams.set(name, value)
  return target.toString()
}

export function createOAuthService(db: Db, config: EmulatorConfig, users: Users): OAuthService {
  const insertFlow = db.prepare(
    `INSERT INTO oauth_flows (id, provider, login_redirect_url, registration_redirect_url, state, code_challenge, created_at, expires_at, used_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  )
  const flowById = db.prepare('SELECT * FROM oauth_flows WHERE id = ? AND provider = ?')
  const endFlow = db.prepare('UPDATE oauth_flows SET used_at = ? WHERE id = ? AND used_at IS NULL')
  const accountById = db.prepare('SELECT * FROM oauth_accounts WHERE id = ?')
  const accountByEmail = db.prepare('SELECT * FROM oauth_accounts WHERE provider = ? AND email = ?')
  const insertAccount = db.prepare(
    'INSERT INTO oauth_accounts (id, provider, provider_subject, email, name, user_id, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  )
  const renameAccount = db.prepare('UPDATE oauth_accounts SET name = ? WHERE id = ?')
  const accountsOf = db.prepare('SELECT * FROM oauth_accounts WHERE provider = ? ORDER BY created_at DESC, rowid DESC')
  const allAccounts = db.prepare('SELECT * FROM oauth_accounts ORDER BY created_at DESC, rowid DESC')
  const insertToken = db.prepare(
    'INSERT INTO oauth_tokens (token_hash, account_id, code_challenge, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)',
  )
  const tokenByHash = db.prepare('SELECT * FROM oauth_tokens WHERE token_hash = ?')
  const useToken = db.prepare('UPDATE oauth_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL')

  /** Ends a flow exactly once (a double submit of the provider page gets no second token). */
  const end = (flow: OAuthFlowRow): void => {
    if (endFlow.run(nowSeconds(config), flow.id).changes !== 1) {
      throw new ApiError(404, 'not_found', 'This sign-in was already completed or cancelled.')
    }
  }

  const findOrAddAccount = (provider: OAuthProvider, email: string, name: string): OAuthAccountRow => {
    const existing = accountByEmail.get(provider, email) as OAuthAccountRow | undefined
    if (existing) {
      if (name && name !== existing.name) renameAccount.run(name, existing.id)
      return existing
    }
    const id = newId('oauth')
    insertAccount.run(id, provider, subjectFor(provider), email, name || email.split('@')[0]!, nowSeconds(config))
    return accountById.get(id) as OAuthAccountRow
  }

  return {
    begin(provider, input) {
      const now = nowSeconds(config)
      const id = randomBase62(32)
      insertFlow.run(
        id,
        provider,
        input.login_redirect_url,
        input.registration_redirect_url ?? input.login_redirect_url,
        input.state ?? null,
        input.code_challenge ?? null,
        now,
        now + OAUTH_TTL_SECONDS,
      )
      return id
    },

    view(provider, flowId) {
      const flow = flowById.get(flowId, provider) as OAuthFlowRow | undefined
      if (!flow || flow.used_at !== null || nowSeconds(config) >= flow.expires_at) return undefined
      return { flow, accounts: accountsOf.all(provider) as OAuthAccountRow[] }
    },

    complete(flow, who) {
      const provider = flow.provider as OAuthProvider
      let account: OAuthAccountRow
      if ('accountId' in who) {
        const picked = accountById.get(who.accountId) as OAuthAccountRow | undefined
        if (!picked || picked.provider !== provider) throw new ApiError(400, 'invalid_request', 'Unknown account.')
        account = picked
      } else {
        const email = who.hideEmail && provider === 'apple' ? relayAddress(config.appId, who.email) : who.email
        account = findOrAddAccount(provider, email, who.name)
      }
      end(flow)
      const now = nowSeconds(config)
      const token = randomBase62(44)
      insertToken.run(sha256Hex(token), account.id, flow.code_challenge, now, now + OAUTH_TTL_SECONDS)
      // A first login (no user owns the account or its email yet) goes to the registration URL.
      const known = account.user_id !== null || users.emailByAddress(account.email) !== undefined
      return withParams(known ? flow.login_redirect_url : flow.registration_redirect_url, {
        token,
        moonkey_token_type: 'oauth',
        state: flow.state,
      })
    },

    cancel(flow) {
      end(flow)
      return withParams(flow.login_redirect_url, { error: 'access_denied', state: flow.state })
    },

    verify(token, codeVerifier) {
      const now = nowSeconds(config)
      const hash = sha256Hex(token)
      const row = tokenByHash.get(hash) as OAuthTokenRow | undefined
      // Single use: whatever the outcome, only the first redeem counts.
      if (!row || !safeEqual(row.token_hash, hash) || useToken.run(now, hash).changes !== 1) {
        throw new ApiError(404, 'oauth_token_not_found', 'Unknown or already used OAuth token; start the login again.')
      }
      if (now >= row.expires_at) throw new ApiError(410, 'oauth_token_expired', 'The OAuth token has expired; start the login again.')
      if (row.code_challenge !== null) {
        if (codeVerifier === undefined) {
          throw new ApiError(400, 'pkce_mismatch', 'This login was started with a code_challenge; send its code_verifier.')
        }
        if (!safeEqual(s256(codeVerifier), row.code_challenge)) {
          throw new ApiError(400, 'pkce_mismatch', 'code_verifier does not match the code_challenge of this login.')
        }
      } else if (codeVerifier !== undefined) {
        throw new ApiError(400, 'pkce_mismatch', 'This login was started without a code_challenge; send no code_verifier.')
      }
      const account = accountById.get(row.account_id) as OAuthAccountRow
      // The provider vouches for the email: a user with that address (or one the account
      // is already linked to) logs in; otherwise a new user is created.
      const linked = account.user_id === null ? undefined : users.find(account.user_id)
      let email: EmailRow
      let created = false
      if (linked) {
        email = users.emailByAddress(account.email) ?? users.emailById(linked.emails[0]!.id)!
      } else {
        const found = users.findOrCreateByEmail(account.email, now)
        email = found.email
        created = found.created
        users.linkOAuth(account.id, email.user_id)
      }
      users.markVerified(email, now)
      const provider = account.provider as OAuthProvider
      return {
        email,
        account: { ...account, user_id: email.user_id },
        user_created: created,
        factor: (at) => ({
          type: 'oauth',
          delivery_channel: `oauth_${provider}`,
          method: { method_id: account.id, method_type: `oauth_${provider}`, email: account.email, last_verified_at: at },
        }),
      }
    },

    accounts(provider) {
      return (provider ? accountsOf.all(provider) : allAccounts.all()) as OAuthAccountRow[]
    },
  }
}
