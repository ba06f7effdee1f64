import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAuthError } from '../test/expect-error.ts'
import { APP_ID, mint, newKey, startJwksServer, type JwksServer, type TestKey } from '../test/jwks-server.ts'
import { createMoonKeyServer } from './client.ts'

describe('verifySessionJwt: the clock tolerance applies both ways', () => {
  let server: JwksServer
  let key: TestKey
  const clock = Date.UTC(2026, 0, 1)
  const now = Math.floor(clock / 1000)

  beforeAll(async () => {
    key = await newKey('jwk_clock')
    server = await startJwksServer([key])
  })
  afterAll(async () => {
    await server?.close()
  })

  const moonkey = () =>
    createMoonKeyServer({ secretKey: 'sk_test_emulator', apiUrl: server.url, appId: APP_ID, now: () => clock, clockToleranceSeconds: 5 })
  const signed = (claims: Record<string, number>) => mint(key, clock, { claims: { exp: now + 300, ...claims } })

  it.each([
    ['iat a day ahead', { iat: now + 86_400 }],
    ['iat 6 s ahead', { iat: now + 6 }],
    ['nbf a day ahead', { nbf: now + 86_400 }],
    ['nbf 6 s ahead', { nbf: now + 6 }],
  ])('refuses %s (validly signed) with invalid_token', async (_, claims) => {
    const error = await expectAuthError(moonkey().verifySessionJwt(await signed(claims)), 'invalid_token')
    expect(error.message).toMatch(/"(iat|nbf)"/)
  })

  it.each([
    ['iat 5 s ahead', { iat: now + 5 }],
    ['nbf 5 s ahead', { nbf: now + 5 }],
    ['iat and nbf an hour ago, exp still ahead', { iat: now - 3600, nbf: now - 3600 }],
  ])('accepts %s', async (_, claims) => {
    expect((await moonkey().verifySessionJwt(await signed(claims))).userId).toBe('user_1')
  })
})
