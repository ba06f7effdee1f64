import { describe, expect, it } from 'vitest'
import { parseSession, toUser } from './objects.ts'

describe('wire objects with wallets', () => {
  it('toUser maps wallets to camelCase, wallet being the first', () => {
    const user = toUser({
      id: 'user_1',
      email: '',
      emails: [],
      wallets: [
        { address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', chain_type: 'ethereum', verified_at: 1700000000 },
        { address: '5Hx1ZuCBoN2ZWWbkXvhtEvBqd5Yrqh8XrKZNHgDM3Ccq', chain_type: 'solana', verified_at: null },
      ],
      status: 'active',
    })
    expect(user.wallets).toEqual([
      { address: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', chainType: 'ethereum', verifiedAt: 1700000000 },
      { address: '5Hx1ZuCBoN2ZWWbkXvhtEvBqd5Yrqh8XrKZNHgDM3Ccq', chainType: 'solana', verifiedAt: null },
    ])
    expect(user.wallet).toEqual(user.wallets[0])
  })

  it('toUser gives an email user no wallets', () => {
    const user = toUser({ id: 'user_2', email: 'a@b.co', emails: [{ id: 'email_1', email: 'a@b.co', verified: true }] })
    expect(user).toMatchObject({ wallet: null, wallets: [] })
  })

  it('parseSession keeps a wallet factor’s address and chain', () => {
    const session = parseSession({
      id: 'sess_1',
      user_id: 'user_1',
      expires_at: 1700000600,
      factors: [
        {
          type: 'wallet',
          delivery_channel: 'solana',
          method: { method_id: 'wallet_1', method_type: 'wallet', address: '5Hx1', chain_type: 'solana', last_verified_at: 1700000000 },
        },
      ],
    })
    expect(session?.factors).toEqual([
      {
        type: 'wallet',
        deliveryChannel: 'solana',
        method: { methodId: 'wallet_1', methodType: 'wallet', address: '5Hx1', chainType: 'solana', lastVerifiedAt: 1700000000 },
      },
    ])
  })
})
