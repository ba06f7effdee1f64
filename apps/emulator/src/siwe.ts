// Sign-In with Ethereum (EIP-4361, EIP-191 personal_sign) and its Solana form
// (SIWS, ed25519): parsing the signed text and checking the signature. The
// message formats come from viem and @solana/wallet-standard-util, the curves
// from viem (secp256k1 recovery) and Node's crypto (ed25519).
import { createPublicKey, verify as verifyEd25519 } from 'node:crypto'
import { base58 } from '@scure/base'
import { parseSignInMessageText } from '@solana/wallet-standard-util'
import { getAddress, isAddress, recoverMessageAddress } from 'viem'
import { parseSiweMessage } from 'viem/siwe'
import { ApiError } from './errors.ts'

export type ChainType = 'ethereum' | 'solana'

/** The fields of a sign-in message that the emulator checks. */
export interface SignInMessage {
  /** `https` when the message names none (EIP-4361). */
  scheme: string | undefined
  domain: string
  address: string
  uri: string
  version: string
  /** EIP-155 chain id (Ethereum); a Solana cluster name, if given. */
  chainId: number | string | undefined
  nonce: string
  issuedAt: Date
  expirationTime: Date | undefined
  notBefore: Date | undefined
}

const invalidMessage = (detail: string): ApiError =>
  new ApiError(400, 'invalid_siwe_message', `siwe_challenge is not a valid sign-in message: ${detail}`)

const invalidAddress = (chain: ChainType): ApiError =>
  new ApiError(
    400,
    'invalid_wallet_address',
    chain === 'ethereum'
      ? 'public_address must be a 0x-prefixed, 20-byte hex Ethereum address.'
      : 'public_address must be a base58 Solana address (32 bytes).',
  )

const invalidSignature = (chain: ChainType): ApiError =>
  new ApiError(
    400,
    'invalid_signature',
    chain === 'ethereum'
      ? 'signature must be a 0x-prefixed, 65-byte hex personal_sign signature.'
      : 'signature must be a base58 ed25519 signature (64 bytes).',
  )

const decode58 = (value: string): Uint8Array | undefined => {
  try {
    return base58.decode(value)
  } catch {
    return undefined
  }
}

/**
 * The address in the form the emulator stores: EIP-55 checksummed for
 * Ethereum (any letter case is accepted), unchanged base58 for Solana.
 * Malformed → `400 invalid_wallet_address`.
 */
export function normalizeAddress(chain: ChainType, address: string): string {
  if (chain === 'ethereum') {
    if (!isAddress(address, { strict: false })) throw invalidAddress(chain)
    return getAddress(address)
  }
  if (decode58(address)?.length !== 32) throw invalidAddress(chain)
  return address
}

// RFC 3339 date-time, as EIP-4361 asks (JavaScript's Date.parse alone accepts much more).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

function dateField(name: string, value: string | Date | undefined, required: true): Date
function dateField(name: string, value: string | Date | undefined, required: false): Date | undefined
function dateField(name: string, value: string | Date | undefined, required: boolean): Date | undefined {
  if (value === undefined) {
    if (required) throw invalidMessage(`${name} is missing.`)
    return undefined
  }
  const date = typeof value === 'string' && DATE_TIME.test(value) ? new Date(value) : value
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw invalidMessage(`${name} is not an RFC 3339 date-time.`)
  return date
}

const required = (name: string, value: string | undefined): string => {
  if (!value) throw invalidMessage(`${name} is missing.`)
  return value
}

type Dated = string | Date | undefined

/** The fields after the address, the same in both forms. */
const fields = (m: { uri?: string; version?: string; nonce?: string; issuedAt?: Dated; expirationTime?: Dated; notBefore?: Dated }) => ({
  uri: required('URI', m.uri),
  version: required('Version', m.version),
  nonce: required('Nonce', m.nonce),
  issuedAt: dateField('Issued At', m.issuedAt, true),
  expirationTime: dateField('Expiration Time', m.expirationTime, false),
  notBefore: dateField('Not Before', m.notBefore, false),
})

/**
 * Parses the signed text: EIP-4361 for Ethereum, its SIWS form for Solana.
 * Missing or malformed fields → `400 invalid_siwe_message`.
 */
export function parseMessage(chain: ChainType, text: string): SignInMessage {
  if (chain === 'ethereum') {
    const header = /^(?:[a-zA-Z][a-zA-Z0-9+\-.]*:\/\/)?\S+ wants you to sign in with your Ethereum account:\n/
    if (!header.test(text)) throw invalidMessage('it must start with "<domain> wants you to sign in with your Ethereum account:".')
    const m = parseSiweMessage(text)
    if (!m.address || !m.domain) throw invalidMessage('the address line is missing or malformed.')
    if (m.chainId === undefined || !Number.isSafeInteger(m.chainId) || m.chainId < 1) {
      throw invalidMessage('Chain ID must be a positive EIP-155 chain id.')
    }
    return { scheme: m.scheme, domain: m.domain, address: m.address, chainId: m.chainId, ...fields(m) }
  }
  const m = parseSignInMessageText(text)
  if (!m) throw invalidMessage('it must start with "<domain> wants you to sign in with your Solana account:".')
  const scheme = /^([a-zA-Z][a-zA-Z0-9+\-.]*):\/\//.exec(m.domain)?.[1]
  return {
    scheme,
    domain: scheme ? m.domain.slice(scheme.length + 3) : m.domain,
    address: m.address,
    chainId: m.chainId,
    ...fields(m),
  }
}

/**
 * Whether `signature` over `text` was made by the key of `address` (already
 * normalized). Ethereum: EIP-191 `personal_sign`, signer recovered and compared
 * case-insensitively. Solana: ed25519 with the address as public key. A
 * signature that is not even well formed → `400 invalid_signature`.
 */
export async function signatureMatches(chain: ChainType, text: string, signature: string, address: string): Promise<boolean> {
  if (chain === 'ethereum') {
    if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) throw invalidSignature(chain)
    let signer: string
    try {
      signer = await recoverMessageAddress({ message: text, signature: signature as `0x${string}` })
    } catch {
      // A 65-byte value that is no point on the curve (or a bad recovery byte).
      throw invalidSignature(chain)
    }
    return signer.toLowerCase() === address.toLowerCase()
  }
  const bytes = decode58(signature)
  if (bytes?.length !== 64) throw invalidSignature(chain)
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(base58.decode(address)).toString('base64url') },
      format: 'jwk',
    })
    return verifyEd25519(null, Buffer.from(text, 'utf8'), key, bytes)
  } catch {
    // 32 bytes that are no ed25519 public key: nothing can verify against it.
    return false
  }
}
