import type { Wallet } from '../types.ts'

/** A connected wallet account, ready to sign. */
export interface Account {
  address: string
  /** EIP-155 chain id (Ethereum only). */
  chainId?: number
  /** Signs `message`; returns the text actually signed and the encoded signature. */
  sign(message: string): Promise<{ message: string; signature: string }>
}

/** A discovered wallet and how to reach its account. */
export interface Found {
  wallet: Wallet
  connect(): Promise<Account>
}
