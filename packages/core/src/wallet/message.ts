import { createSignInMessageText } from '@solana/wallet-standard-util'
import { createSiweMessage } from 'viem/siwe'

import type { ChainType } from '../types.ts'

export interface MessageInput {
  chainType: ChainType
  address: string
  /** EIP-155 chain id (Ethereum only). */
  chainId?: number
  nonce: string
  /** The page the user signs in to, e.g. `https://app.example.com`. */
  origin: string
  issuedAt: Date
}

/** What the wallet shows above the technical fields. */
export const STATEMENT =
  'Sign in with your wallet. This request does not start a transaction or cost any fees.'

/**
 * The sign-in message for a page: EIP-4361 (Sign-In with Ethereum, built by
 * viem, address EIP-55 checksummed) or its Solana form (SIWS, built by
 * `@solana/wallet-standard-util`, no chain id). Domain, scheme and URI come
 * from `origin`.
 *
 * @example
 * signInMessage({ chainType: 'ethereum', address, chainId: 1, nonce, origin: location.origin, issuedAt: new Date() })
 */
export const signInMessage = ({ chainType, address, chainId = 1, nonce, origin, issuedAt }: MessageInput): string => {
  const { host, protocol } = new URL(origin)
  const uri = `${protocol}//${host}`
  if (chainType === 'solana') {
    return createSignInMessageText({
      domain: host,
      address,
      statement: STATEMENT,
      uri,
      version: '1',
      nonce,
      issuedAt: issuedAt.toISOString(),
    })
  }
  return createSiweMessage({
    // EIP-4361 reads a message without scheme as https: name any other.
    ...(protocol !== 'https:' && { scheme: protocol.slice(0, -1) }),
    domain: host,
    address: address as `0x${string}`,
    statement: STATEMENT,
    uri,
    version: '1',
    chainId,
    nonce,
    issuedAt,
  })
}
