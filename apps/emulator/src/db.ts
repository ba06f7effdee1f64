import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'libsql'

export type Db = InstanceType<typeof Database>

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS emails (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  email TEXT NOT NULL UNIQUE,
  verified INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS emails_by_user ON emails(user_id);
CREATE TABLE IF NOT EXISTS otps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email_id TEXT NOT NULL REFERENCES emails(id),
  code_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used_at INTEGER
);
CREATE INDEX IF NOT EXISTS otps_by_email ON otps(email_id, id);
CREATE INDEX IF NOT EXISTS otps_by_email_time ON otps(email_id, created_at);
-- One row per wrong code, timed when it was guessed: the attempt rate limit counts
-- these per email, whichever code (and however many resends) they were aimed at.
CREATE TABLE IF NOT EXISTS otp_failures (
  email_id TEXT NOT NULL REFERENCES emails(id),
  guessed_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS otp_failures_by_email_time ON otp_failures(email_id, guessed_at);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  started_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_active_at INTEGER NOT NULL,
  revoked_at INTEGER,
  factors TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  ip TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions(user_id);
CREATE TABLE IF NOT EXISTS oauth_accounts (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  provider_subject TEXT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  user_id TEXT REFERENCES users(id),
  created_at INTEGER NOT NULL,
  UNIQUE (provider, email),
  UNIQUE (provider, provider_subject)
);
CREATE INDEX IF NOT EXISTS oauth_accounts_by_user ON oauth_accounts(user_id);
CREATE TABLE IF NOT EXISTS oauth_flows (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  login_redirect_url TEXT NOT NULL,
  registration_redirect_url TEXT NOT NULL,
  state TEXT,
  code_challenge TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE IF NOT EXISTS oauth_tokens (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES oauth_accounts(id),
  code_challenge TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE IF NOT EXISTS wallets (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  chain_type TEXT NOT NULL,
  address TEXT NOT NULL,
  verified_at INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE (chain_type, address)
);
CREATE INDEX IF NOT EXISTS wallets_by_user ON wallets(user_id);
CREATE TABLE IF NOT EXISTS wallet_nonces (
  id TEXT PRIMARY KEY,
  wallet_id TEXT NOT NULL REFERENCES wallets(id),
  nonce TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE TABLE IF NOT EXISTS signing_keys (
  kid TEXT PRIMARY KEY,
  private_jwk TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER,
  max_jwt_lifetime INTEGER NOT NULL
);
`

/**
 * Opens (and migrates) the emulator's SQLite database: `<dataDir>/emulator.db`,
 * or an in-memory database when `dataDir` is undefined.
 */
export function openDatabase(dataDir: string | undefined): Db {
  let path = ':memory:'
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true })
    path = join(dataDir, 'emulator.db')
  }
  const db = new Database(path)
  if (dataDir !== undefined) {
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = FULL')
    db.exec('PRAGMA busy_timeout = 5000')
  }
  db.exec('PRAGMA foreign_keys = ON')
  db.exec(SCHEMA)
  return db
}

export interface UserRow {
  id: string
  status: string
  metadata: string
  created_at: number
  updated_at: number
}

export interface EmailRow {
  id: string
  user_id: string
  email: string
  verified: number
  created_at: number
}

export interface OtpRow {
  id: number
  email_id: string
  code_hash: string
  created_at: number
  expires_at: number
  attempts: number
  used_at: number | null
}

export interface SessionRow {
  id: string
  user_id: string
  token_hash: string
  started_at: number
  expires_at: number
  last_active_at: number
  revoked_at: number | null
  factors: string
  user_agent: string
  ip: string
}

export interface OAuthAccountRow {
  id: string
  provider: string
  provider_subject: string
  email: string
  name: string
  user_id: string | null
  created_at: number
}

export interface OAuthFlowRow {
  id: string
  provider: string
  login_redirect_url: string
  registration_redirect_url: string
  state: string | null
  code_challenge: string | null
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface OAuthTokenRow {
  token_hash: string
  account_id: string
  code_challenge: string | null
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface WalletRow {
  id: string
  user_id: string
  chain_type: 'ethereum' | 'solana'
  /** Ethereum: EIP-55 checksummed; Solana: base58 as given. */
  address: string
  verified_at: number | null
  created_at: number
}

export interface WalletNonceRow {
  id: string
  wallet_id: string
  nonce: string
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface KeyRow {
  kid: string
  private_jwk: string
  public_jwk: string
  created_at: number
  retired_at: number | null
  max_jwt_lifetime: number
}
