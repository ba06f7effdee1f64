import { nowSeconds, type EmulatorConfig } from './config.ts'
import { originMatcher } from './cors.ts'
import { newId, randomBase62 } from './crypto.ts'
import type { Db, WalletNonceRow, WalletRow } from './db.ts'
import { ApiError } from './errors.ts'
import type { Factor } from './objects.ts'
import type { Users } from './users.ts'
import { normalizeAddress, parseMessage, signatureMatches, type ChainType, type SignInMessage } from './siwe.ts'

/** A nonce is good for this long, and for one login. */
export const NONCE_LIFETIME_SECONDS = 600
/** How far a wallet's clock may run ahead of the emulator's. */
export const CLOCK_SKEW_SECONDS = 60

export interface WalletNonce {
  id: string
  nonce: string
  user_id: string
  user_created: boolean
}

export interface WalletLogin {
  wallet_type: ChainType
  public_address: string
  signature: string
  siwe_challenge: string
  /** The request's `Origin` header: when present, the message must name that origin. */
  origin: string | undefined
}

export interface Wallets {
  /** Finds the wallet's user (or creates a pending one) and issues a single-use nonce. */
  nonce(chain: ChainType, address: string): WalletNonce
  /**
   * Checks a signed sign-in message (fields, origin, times, nonce, signature),
   * consumes its nonce and marks the wallet verified and its user active.
   */
  verify(login: WalletLogin): Promise<{ wallet: WalletRow; user_created: boolean }>
  /** The session factor of a wallet just verified. */
  factor(wallet: WalletRow, now: number): Factor
}

const unauthorized = (type: 'siwe_domain_not_allowed' | 'siwe_message_expired' | 'siwe_message_not_yet_valid' | 'nonce_not_found' | 'nonce_expired' | 'signature_mismatch', message: string) =>
  new ApiError(401, type, message)

export function createWallets(db: Db, config: EmulatorConfig, users: Users): Wallets {
  const allowedOrigin = originMatcher(config.allowedOrigins)
  const selectWallet = db.prepare('SELECT * FROM wallets WHERE chain_type = ? AND address = ?')
  const selectWalletById = db.prepare('SELECT * FROM wallets WHERE id = ?')
  const insertWallet = db.prepare(
    'INSERT INTO wallets (id, user_id, chain_type, address, verified_at, created_at) VALUES (?, ?, ?, ?, NULL, ?)',
  )
  const insertNonce = db.prepare(
    'INSERT INTO wallet_nonces (id, wallet_id, nonce, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)',
  )
  const selectNonce = db.prepare('SELECT * FROM wallet_nonces WHERE nonce = ?')
  const consumeNonce = db.prepare('UPDATE wallet_nonces SET used_at = ? WHERE id = ? AND used_at IS NULL')
  const markVerified = db.prepare('UPDATE wallets SET verified_at = ? WHERE id = ? AND verified_at IS NULL')
  const selectStatus = db.prepare('SELECT status FROM users WHERE id = ?')
  const activateUser = db.prepare("UPDATE users SET status = 'active', updated_at = ? WHERE id = ? AND status != 'active'")

  const findOrCreate = db.transaction((chain: ChainType, address: string, now: number) => {
    const existing = selectWallet.get(chain, address) as WalletRow | undefined
    if (existing) return { wallet: existing, created: false }
    const userId = users.insertPending(now)
    const walletId = newId('wallet')
    insertWallet.run(walletId, userId, chain, address, now)
    users.forget(userId)
    return { wallet: selectWalletById.get(walletId) as WalletRow, created: true }
  })

  /** Domain and URI must name one allowed origin (and the caller's, for browser calls). */
  function checkOrigin(chain: ChainType, message: SignInMessage, requestOrigin: string | undefined): void {
    let uri: URL
    try {
      uri = new URL(message.uri)
    } catch {
      throw new ApiError(400, 'invalid_siwe_message', 'siwe_challenge is not a valid sign-in message: URI is not a URL.')
    }
    const scheme = uri.protocol.slice(0, -1)
    // EIP-4361: no scheme means https. SIWS has no scheme: the URI's applies.
    const sameOrigin = uri.host === message.domain.toLowerCase() && (message.scheme ?? (chain === 'ethereum' ? 'https' : scheme)).toLowerCase() === scheme
    if (!sameOrigin || !allowedOrigin(uri.origin) || (requestOrigin !== undefined && requestOrigin !== uri.origin)) {
      throw unauthorized('siwe_domain_not_allowed', `The message is for ${message.domain} (URI ${message.uri}), which is not an allowed origin${requestOrigin ? ` matching ${requestOrigin}` : ''}.`)
    }
  }

  function checkTimes(message: SignInMessage, nonce: WalletNonceRow, now: number): void {
    const issuedAt = message.issuedAt.getTime() / 1000
    if (issuedAt > now + CLOCK_SKEW_SECONDS) throw unauthorized('siwe_message_not_yet_valid', 'Issued At is in the future.')
    if (message.notBefore && message.notBefore.getTime() / 1000 > now + CLOCK_SKEW_SECONDS) {
      throw unauthorized('siwe_message_not_yet_valid', 'The message is not valid before its Not Before time.')
    }
    if (issuedAt < nonce.created_at - CLOCK_SKEW_SECONDS) {
      throw unauthorized('siwe_message_expired', 'Issued At is older than the nonce; sign a fresh message.')
    }
    if (message.expirationTime && message.expirationTime.getTime() / 1000 <= now) {
      throw unauthorized('siwe_message_expired', 'The message has expired (Expiration Time).')
    }
  }

  /** The nonce must be ours, for this very wallet, unused and not expired. */
  function checkNonce(value: string, wallet: WalletRow | undefined, now: number): WalletNonceRow {
    const nonce = selectNonce.get(value) as WalletNonceRow | undefined
    if (!nonce || !wallet || nonce.wallet_id !== wallet.id || nonce.used_at !== null) {
      throw unauthorized('nonce_not_found', 'Unknown or already used nonce; ask for a new one.')
    }
    if (now >= nonce.expires_at) throw unauthorized('nonce_expired', 'The nonce has expired; ask for a new one.')
    return nonce
  }

  const complete = db.transaction((nonce: WalletNonceRow, wallet: WalletRow, now: number) => {
    // Single use: only the request that flips used_at wins.
    if (consumeNonce.run(now, nonce.id).changes !== 1) {
      throw unauthorized('nonce_not_found', 'Unknown or already used nonce; ask for a new one.')
    }
    const status = (selectStatus.get(wallet.user_id) as { status: string }).status
    markVerified.run(now, wallet.id)
    activateUser.run(now, wallet.user_id)
    users.forget(wallet.user_id)
    return { wallet: selectWalletById.get(wallet.id) as WalletRow, user_created: status === 'pending' && wallet.verified_at === null }
  })

  return {
    nonce(chain, address) {
      const now = nowSeconds(config)
      const { wallet, created } = findOrCreate(chain, normalizeAddress(chain, address), now)
      const id = newId('walletrr')
      const nonce = randomBase62(24)
      insertNonce.run(id, wallet.id, nonce, now, now + NONCE_LIFETIME_SECONDS)
      return { id, nonce, user_id: wallet.user_id, user_created: created }
    },

    async verify({ wallet_type: chain, public_address, signature, siwe_challenge, origin }) {
      const now = nowSeconds(config)
      const address = normalizeAddress(chain, public_address)
      const message = parseMessage(chain, siwe_challenge)
      let signer: string
      try {
        signer = normalizeAddress(chain, message.address)
      } catch {
        throw new ApiError(400, 'invalid_siwe_message', 'siwe_challenge is not a valid sign-in message: its address is malformed.')
      }
      if (signer !== address) {
        throw new ApiError(400, 'invalid_siwe_message', 'The message is for another address than public_address.')
      }
      if (message.version !== '1') throw new ApiError(400, 'invalid_siwe_message', 'Version must be 1.')
      if (chain === 'solana' && message.chainId !== undefined && !/^(solana:)?(mainnet|devnet|testnet|localnet)$/.test(String(message.chainId))) {
        throw new ApiError(400, 'invalid_siwe_message', 'Chain ID must name a Solana cluster (mainnet, devnet, testnet, localnet).')
      }
      checkOrigin(chain, message, origin)
      const wallet = selectWallet.get(chain, address) as WalletRow | undefined
      const nonce = checkNonce(message.nonce, wallet, now)
      checkTimes(message, nonce, now)
      if (!(await signatureMatches(chain, siwe_challenge, signature, address))) {
        throw unauthorized('signature_mismatch', 'The signature was not made by public_address over this message.')
      }
      return complete(nonce, wallet!, now)
    },

    factor: (wallet, now) => ({
      type: 'wallet',
      delivery_channel: wallet.chain_type,
      method: { method_id: wallet.id, method_type: 'wallet', address: wallet.address, chain_type: wallet.chain_type, last_verified_at: now },
    }),
  }
}
