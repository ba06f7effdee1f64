import { generateKeyPairSync, sign } from 'node:crypto'
import { base58 } from '@scure/base'
import { createSignInMessageText } from '@solana/wallet-standard-util'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createSiweMessage } from 'viem/siwe'
import { afterEach, describe, expect, it } from 'vitest'
import { expectErrorShape, testEmulator, type TestEmulator } from './test-utils.ts'

const NONCE = '/v1/auth/wallets/registrations/nonce'
const VERIFY = '/v1/auth/wallets/siwe/verify'
const ORIGIN = 'http://localhost:5173'

let emulator: TestEmulator
afterEach(async () => {
  await emulator.close()
})

/** A key pair in the shape the tests need: an address and personal_sign / signMessage. */
interface TestWallet {
  chain: 'ethereum' | 'solana'
  address: string
  sign(text: string): Promise<string>
}

function ethereumWallet(): TestWallet {
  const account = privateKeyToAccount(generatePrivateKey())
  return { chain: 'ethereum', address: account.address, sign: (message) => account.signMessage({ message }) }
}

function solanaWallet(): TestWallet {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const x = publicKey.export({ format: 'jwk' }).x!
  return {
    chain: 'solana',
    address: base58.encode(Buffer.from(x, 'base64url')),
    sign: async (text) => base58.encode(sign(null, Buffer.from(text), privateKey)),
  }
}

interface MessageFields {
  address?: string
  domain?: string
  scheme?: string
  uri?: string
  nonce: string
  issuedAt?: Date
  expirationTime?: Date
  chainId?: number
}

/** The message a browser on ORIGIN builds: EIP-4361 or its Solana form. */
function message(chain: 'ethereum' | 'solana', address: string, fields: MessageFields): string {
  const { domain = 'localhost:5173', scheme = 'http', uri = ORIGIN, nonce } = fields
  const issuedAt = fields.issuedAt ?? new Date(emulator.clock.now())
  if (chain === 'ethereum') {
    return createSiweMessage({
      address: (fields.address ?? address) as `0x${string}`,
      domain,
      scheme,
      uri,
      version: '1',
      chainId: fields.chainId ?? 1,
      nonce,
      issuedAt,
      statement: 'Sign in to the MoonKey playground.',
      ...(fields.expirationTime && { expirationTime: fields.expirationTime }),
    })
  }
  return createSignInMessageText({
    domain,
    address: fields.address ?? address,
    statement: 'Sign in to the MoonKey playground.',
    uri,
    version: '1',
    nonce,
    issuedAt: issuedAt.toISOString(),
    ...(fields.expirationTime && { expirationTime: fields.expirationTime.toISOString() }),
  })
}

const client = (body: unknown, headers: Record<string, string> = { Origin: ORIGIN }) => ({
  key: emulator.publishableKey,
  headers,
  body,
})

async function nonceFor(wallet: TestWallet, address = wallet.address) {
  const { body, ...init } = client({ wallet_type: wallet.chain, public_address: address })
  return emulator.call('POST', NONCE, body, init)
}

async function verify(body: Record<string, unknown>, headers?: Record<string, string>) {
  const init = client(body, headers)
  return emulator.call('POST', VERIFY, init.body, { key: init.key, headers: init.headers })
}

/** Asks for a nonce, builds and signs the message: the verify body, not yet sent. */
async function signedLogin(wallet: TestWallet, fields: Partial<MessageFields> = {}) {
  const nonce = (await nonceFor(wallet)).json.nonce as string
  const text = message(wallet.chain, wallet.address, { nonce, ...fields })
  return { wallet_type: wallet.chain, public_address: wallet.address, signature: await wallet.sign(text), siwe_challenge: text }
}

describe.each([
  ['Ethereum', ethereumWallet],
  ['Solana', solanaWallet],
] as const)('wallet login with %s', (_name, makeWallet) => {
  it('logs in: a nonce, a signed message, a session for the wallet’s user', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const nonce = await nonceFor(wallet)
    expect(nonce.status).toBe(200)
    expect(nonce.json).toEqual({
      id: expect.stringMatching(/^walletrr_[A-Za-z0-9]+$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9]{24}$/),
      user_id: expect.stringMatching(/^user_[A-Za-z0-9]+$/),
      user_created: true,
    })
    const text = message(wallet.chain, wallet.address, { nonce: nonce.json.nonce })
    const res = await verify({
      wallet_type: wallet.chain,
      public_address: wallet.address,
      signature: await wallet.sign(text),
      siwe_challenge: text,
      session_expires_in: 60,
    })
    expect(res.status).toBe(200)
    const now = emulator.clock.now() / 1000
    expect(res.json).toMatchObject({
      method_id: expect.stringMatching(/^wallet_[A-Za-z0-9]+$/),
      method_type: 'wallet',
      user_id: nonce.json.user_id,
      user_created: true,
      session_token: expect.stringMatching(/^session_[A-Za-z0-9]{64}$/),
      session_jwt: expect.any(String),
      session: { user_id: nonce.json.user_id, expires_at: now + 3600 },
      user: { id: nonce.json.user_id, status: 'active', wallets: [{ address: wallet.address, chain_type: wallet.chain, verified_at: now }] },
    })
    expect(res.json.session.factors).toEqual([
      {
        type: 'wallet',
        delivery_channel: wallet.chain,
        method: { method_id: res.json.method_id, method_type: 'wallet', address: wallet.address, chain_type: wallet.chain, last_verified_at: now },
      },
    ])
    // The session is a real one: its token verifies.
    const session = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: res.json.session_token })
    expect(session.json.user.wallets).toEqual(res.json.user.wallets)
  }, 20_000) // the first signature of a run also builds the curve's precomputed tables

  it('reaches the same user on a second login with the same wallet', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const first = await verify(await signedLogin(wallet))
    emulator.clock.advance(3600)
    const second = await verify(await signedLogin(wallet))
    expect(second.status).toBe(200)
    expect(second.json.user_id).toBe(first.json.user_id)
    expect(second.json.user_created).toBe(false)
    expect(second.json.user.wallets).toEqual(first.json.user.wallets)
    expect(second.json.session.id).not.toBe(first.json.session.id)
  })

  it('refuses a signature made by another key (401 signature_mismatch)', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const body = await signedLogin(wallet)
    const res = await verify({ ...body, signature: await makeWallet().sign(body.siwe_challenge) })
    expect(res.status).toBe(401)
    expectErrorShape(res.json, 401, 'signature_mismatch')
    // The nonce is still good for the real signature.
    expect((await verify(body)).status).toBe(200)
  })

  it('refuses a message changed after signing (401 signature_mismatch)', async () => {
    emulator = testEmulator()
    const body = await signedLogin(makeWallet())
    const tampered = body.siwe_challenge.replace('Sign in to the MoonKey playground.', 'Sign in and send all funds.')
    expect(tampered).not.toBe(body.siwe_challenge)
    const res = await verify({ ...body, siwe_challenge: tampered })
    expectErrorShape(res.json, 401, 'signature_mismatch')
  })

  it('uses a nonce once (a replay is 401 nonce_not_found)', async () => {
    emulator = testEmulator()
    const body = await signedLogin(makeWallet())
    expect((await verify(body)).status).toBe(200)
    const replay = await verify(body)
    expect(replay.status).toBe(401)
    expectErrorShape(replay.json, 401, 'nonce_not_found')
  })

  it('lets a nonce expire after 10 minutes (401 nonce_expired)', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const nonce = (await nonceFor(wallet)).json.nonce as string
    emulator.clock.advance(600)
    const text = message(wallet.chain, wallet.address, { nonce })
    const res = await verify({ wallet_type: wallet.chain, public_address: wallet.address, signature: await wallet.sign(text), siwe_challenge: text })
    expectErrorShape(res.json, 401, 'nonce_expired')
  })

  it('refuses a nonce that was never issued, or issued to another wallet', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const unknown = message(wallet.chain, wallet.address, { nonce: 'abcdefgh12345678' })
    const res = await verify({ wallet_type: wallet.chain, public_address: wallet.address, signature: await wallet.sign(unknown), siwe_challenge: unknown })
    expectErrorShape(res.json, 401, 'nonce_not_found')
    const othersNonce = (await nonceFor(makeWallet())).json.nonce as string
    const text = message(wallet.chain, wallet.address, { nonce: othersNonce })
    await nonceFor(wallet)
    const stolen = await verify({ wallet_type: wallet.chain, public_address: wallet.address, signature: await wallet.sign(text), siwe_challenge: text })
    expectErrorShape(stolen.json, 401, 'nonce_not_found')
  })

  it('refuses a foreign domain or URI, and a message for another page than the caller', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const foreignDomain = await verify(await signedLogin(wallet, { domain: 'evil.example', scheme: 'https', uri: 'https://evil.example' }))
    expectErrorShape(foreignDomain.json, 401, 'siwe_domain_not_allowed')
    const foreignUri = await verify(await signedLogin(wallet, { uri: 'https://evil.example/login' }))
    expectErrorShape(foreignUri.json, 401, 'siwe_domain_not_allowed')
    const otherPort = await verify(await signedLogin(wallet, { domain: 'localhost:3000', uri: 'http://localhost:3000' }))
    expectErrorShape(otherPort.json, 401, 'siwe_domain_not_allowed')
    // Without an Origin header (a server relaying the login), allowed origins are enough.
    const relayed = await verify(await signedLogin(wallet, { domain: 'localhost:3000', uri: 'http://localhost:3000' }), {})
    expect(relayed.status).toBe(200)
  })

  it('refuses an expired message and one issued in the future or before its nonce', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const now = emulator.clock.now()
    const expired = await verify(await signedLogin(wallet, { expirationTime: new Date(now) }))
    expectErrorShape(expired.json, 401, 'siwe_message_expired')
    const future = await verify(await signedLogin(wallet, { issuedAt: new Date(now + 120_000) }))
    expectErrorShape(future.json, 401, 'siwe_message_not_yet_valid')
    const stale = await verify(await signedLogin(wallet, { issuedAt: new Date(now - 3_600_000) }))
    expectErrorShape(stale.json, 401, 'siwe_message_expired')
    const later = await verify(await signedLogin(wallet, { expirationTime: new Date(now + 60_000) }))
    expect(later.status).toBe(200)
  })

  it('refuses malformed signatures (400 invalid_signature)', async () => {
    emulator = testEmulator()
    const body = await signedLogin(makeWallet())
    const bad = body.wallet_type === 'ethereum'
      ? ['0x1234', body.signature.slice(2), `0x${'zz'.repeat(65)}`, `0x${'00'.repeat(65)}`, `${body.signature}00`]
      : ['3mJr7AoUXx2Wqd', base58.encode(new Uint8Array(65)), `${body.signature.slice(0, -1)}0`]
    for (const signature of bad) {
      const res = await verify({ ...body, signature })
      expect(res.status, signature).toBe(400)
      expectErrorShape(res.json, 400, 'invalid_signature')
    }
    expectErrorShape((await verify({ ...body, signature: '' })).json, 400, 'invalid_signature')
    expectErrorShape((await verify({ ...body, signature: 42 })).json, 400, 'invalid_signature')
  })

  it('refuses malformed addresses (400 invalid_wallet_address)', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const bad = wallet.chain === 'ethereum'
      ? ['0x1234', wallet.address.slice(2), `${wallet.address}00`, `0x${'g'.repeat(40)}`, solanaWallet().address]
      : ['0OIl', base58.encode(new Uint8Array(31)), `${wallet.address}1111`, ethereumWallet().address]
    for (const address of bad) {
      const nonce = await nonceFor(wallet, address)
      expect(nonce.status, address).toBe(400)
      expectErrorShape(nonce.json, 400, 'invalid_wallet_address')
      const body = await signedLogin(wallet)
      expectErrorShape((await verify({ ...body, public_address: address })).json, 400, 'invalid_wallet_address')
    }
  })

  it('refuses messages that are no sign-in message or name another address (400 invalid_siwe_message)', async () => {
    emulator = testEmulator()
    const wallet = makeWallet()
    const body = await signedLogin(wallet)
    const other = makeWallet()
    const cases = [
      'hello',
      body.siwe_challenge.replace(/\nNonce: .*/, ''),
      body.siwe_challenge.replace(/\nIssued At: .*/, '\nIssued At: yesterday'),
      body.siwe_challenge.replace('Version: 1', 'Version: 2'),
      body.siwe_challenge.replace(wallet.address, other.address),
      body.siwe_challenge.replace(wallet.chain === 'ethereum' ? 'Ethereum account' : 'Solana account', wallet.chain === 'ethereum' ? 'Solana account' : 'Ethereum account'),
    ]
    for (const text of cases) {
      const res = await verify({ ...body, siwe_challenge: text, signature: await wallet.sign(text) })
      expect(res.status, text).toBe(400)
      expectErrorShape(res.json, 400, 'invalid_siwe_message')
    }
  })
})

describe('wallet login: request checks', () => {
  it('needs the publishable or secret key', async () => {
    emulator = testEmulator()
    const res = await emulator.call('POST', NONCE, { wallet_type: 'ethereum', public_address: ethereumWallet().address }, { key: 'pk_test_wrong' })
    expectErrorShape(res.json, 401, 'unauthorized')
    const verifyRes = await emulator.call('POST', VERIFY, {}, { key: null })
    expectErrorShape(verifyRes.json, 401, 'unauthorized')
  })

  it('validates the bodies', async () => {
    emulator = testEmulator()
    const address = ethereumWallet().address
    const call = (path: string, body: unknown) => emulator.call('POST', path, body, { key: emulator.publishableKey })
    expectErrorShape((await call(NONCE, { wallet_type: 'bitcoin', public_address: address })).json, 400, 'invalid_request')
    expectErrorShape((await call(NONCE, { public_address: address })).json, 400, 'invalid_request')
    expectErrorShape((await call(NONCE, { wallet_type: 'ethereum', public_address: address, chain_id: 1 })).json, 400, 'too_many_parameters')
    expectErrorShape((await call(NONCE, '[')).json, 400, 'invalid_request')
    expectErrorShape((await call(VERIFY, { wallet_type: 'ethereum', public_address: address, signature: '0x00' })).json, 400, 'invalid_siwe_message')
    expectErrorShape(
      (await call(VERIFY, { wallet_type: 'ethereum', public_address: address, signature: '0x00', siwe_challenge: 'x'.repeat(5000) })).json,
      400,
      'invalid_siwe_message',
    )
  })

  it('compares Ethereum addresses without regard to letter case', async () => {
    emulator = testEmulator()
    const wallet = ethereumWallet()
    const mixed = await nonceFor(wallet)
    const lower = await nonceFor(wallet, wallet.address.toLowerCase())
    const upper = await nonceFor(wallet, `0x${wallet.address.slice(2).toUpperCase()}`)
    expect(lower.json.user_id).toBe(mixed.json.user_id)
    expect(upper.json.user_id).toBe(mixed.json.user_id)
    expect([lower.json.user_created, upper.json.user_created]).toEqual([false, false])
    // A login whose public_address is lower case reaches the same user and shows the checksummed address.
    const text = message('ethereum', wallet.address, { nonce: lower.json.nonce })
    const res = await verify({ wallet_type: 'ethereum', public_address: wallet.address.toLowerCase(), signature: await wallet.sign(text), siwe_challenge: text })
    expect(res.status).toBe(200)
    expect(res.json.user).toMatchObject({ id: mixed.json.user_id, wallets: [{ address: wallet.address }] })
  })

  it('reads an EIP-4361 message without scheme as https (an http page must name its scheme)', async () => {
    emulator = testEmulator()
    const wallet = ethereumWallet()
    const nonce = (await nonceFor(wallet)).json.nonce as string
    const text = message('ethereum', wallet.address, { nonce }).replace('http://localhost:5173 wants', 'localhost:5173 wants')
    expect(text.startsWith('localhost:5173 wants you to sign in')).toBe(true)
    const res = await verify({ wallet_type: 'ethereum', public_address: wallet.address, signature: await wallet.sign(text), siwe_challenge: text })
    expectErrorShape(res.json, 401, 'siwe_domain_not_allowed')
  })

  it('refuses an Ethereum chain id that is no EIP-155 id', async () => {
    emulator = testEmulator()
    const wallet = ethereumWallet()
    const body = await signedLogin(wallet)
    const text = body.siwe_challenge.replace('Chain ID: 1', 'Chain ID: 0')
    const res = await verify({ ...body, siwe_challenge: text, signature: await wallet.sign(text) })
    expectErrorShape(res.json, 400, 'invalid_siwe_message')
  })

  it('lists wallets on every user object, empty for email users', async () => {
    emulator = testEmulator()
    const login = await emulator.login('ada@example.com')
    expect(login.user.wallets).toEqual([])
    const user = await emulator.call('GET', `/v1/auth/users/${login.user_id}`)
    expect(user.json.wallets).toEqual([])
  })
})
