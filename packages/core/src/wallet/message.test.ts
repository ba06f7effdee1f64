import { describe, expect, it } from 'vitest'

import { signInMessage, STATEMENT } from './message.ts'

const issuedAt = new Date(Date.UTC(2026, 0, 1, 12, 0, 0))

describe('signInMessage', () => {
  it('builds the exact EIP-4361 text, with the address EIP-55 checksummed', () => {
    const text = signInMessage({
      chainType: 'ethereum',
      address: '0xd8da6bf26964af9d7eed9e03e53415d37aa96045',
      chainId: 10,
      nonce: 'n0nceABCdef12345',
      origin: 'https://app.example.com',
      issuedAt,
    })
    expect(text).toBe(
      [
        'app.example.com wants you to sign in with your Ethereum account:',
        '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
        '',
        STATEMENT,
        '',
        'URI: https://app.example.com',
        'Version: 1',
        'Chain ID: 10',
        'Nonce: n0nceABCdef12345',
        'Issued At: 2026-01-01T12:00:00.000Z',
      ].join('\n'),
    )
  })

  it('names the scheme of a page that is not https, and keeps its port', () => {
    const text = signInMessage({
      chainType: 'ethereum',
      address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045',
      nonce: 'n0nceABCdef12345',
      origin: 'http://localhost:5173',
      issuedAt,
    })
    expect(text.split('\n')[0]).toBe('http://localhost:5173 wants you to sign in with your Ethereum account:')
    expect(text).toContain('\nURI: http://localhost:5173\n')
    expect(text).toContain('\nChain ID: 1\n')
  })

  it('builds the exact Solana (SIWS) text: no chain id, the base58 address as given', () => {
    const address = '5Hx1ZuCBoN2ZWWbkXvhtEvBqd5Yrqh8XrKZNHgDM3Ccq'
    const text = signInMessage({
      chainType: 'solana',
      address,
      chainId: 1,
      nonce: 'n0nceABCdef12345',
      origin: 'http://localhost:5173',
      issuedAt,
    })
    expect(text).toBe(
      [
        'localhost:5173 wants you to sign in with your Solana account:',
        address,
        '',
        STATEMENT,
        '',
        'URI: http://localhost:5173',
        'Version: 1',
        'Nonce: n0nceABCdef12345',
        'Issued At: 2026-01-01T12:00:00.000Z',
      ].join('\n'),
    )
  })

  it('refuses an address that is no Ethereum address', () => {
    expect(() =>
      signInMessage({ chainType: 'ethereum', address: '0x1234', nonce: 'n0nceABCdef12345', origin: 'https://a.example', issuedAt }),
    ).toThrow()
  })
})
