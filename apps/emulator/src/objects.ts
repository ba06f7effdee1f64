import type { EmailRow, SessionRow, UserRow, WalletRow } from './db.ts'

export type OAuthProvider = 'google' | 'apple'

/** An email code (`otp` by `email`), an OAuth login (`oauth` by `oauth_google` / `oauth_apple`) or a signed wallet message (`wallet`). */
export type Factor =
  | {
      type: 'otp'
      delivery_channel: 'email'
      method: { method_id: string; method_type: 'email'; email: string; last_verified_at: number }
    }
  | {
      type: 'oauth'
      delivery_channel: `oauth_${OAuthProvider}`
      method: { method_id: string; method_type: `oauth_${OAuthProvider}`; email: string; last_verified_at: number }
    }
  | {
      type: 'wallet'
      delivery_channel: WalletRow['chain_type']
      method: { method_id: string; method_type: 'wallet'; address: string; chain_type: WalletRow['chain_type']; last_verified_at: number }
    }

/** An OAuth account linked to a user. */
export interface OAuthProviderLink {
  provider: OAuthProvider
  provider_subject: string
  email: string
}

export interface UserWallet {
  address: string
  chain_type: WalletRow['chain_type']
  /** Unix seconds of the first signed-in login; null while only a nonce was asked for. */
  verified_at: number | null
}

export interface SessionObject {
  id: string
  user_id: string
  started_at: number
  expires_at: number
  last_active_at: number
  factors: Factor[]
  device_fingerprint: { user_agent: string; ip: string }
}

export interface UserObject {
  id: string
  user_id: string
  email: string
  emails: { id: string; email: string; verified: boolean }[]
  wallets: UserWallet[]
  status: string
  metadata: Record<string, unknown>
  created_at: number
  updated_at: number
  oauth_providers: OAuthProviderLink[]
}

export function toSession(row: SessionRow): SessionObject {
  return {
    id: row.id,
    user_id: row.user_id,
    started_at: row.started_at,
    expires_at: row.expires_at,
    last_active_at: row.last_active_at,
    factors: JSON.parse(row.factors) as Factor[],
    device_fingerprint: { user_agent: row.user_agent, ip: row.ip },
  }
}

export function toUser(row: UserRow, emails: EmailRow[], wallets: UserWallet[] = [], oauthProviders: OAuthProviderLink[] = []): UserObject {
  return {
    id: row.id,
    user_id: row.id,
    email: emails[0]?.email ?? '',
    emails: emails.map((email) => ({ id: email.id, email: email.email, verified: email.verified === 1 })),
    wallets,
    status: row.status,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    created_at: row.created_at,
    updated_at: row.updated_at,
    oauth_providers: oauthProviders,
  }
}
