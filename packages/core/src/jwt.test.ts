import { describe, expect, it } from 'vitest'

import { mintJwt } from '../test/fake-api.ts'
import { createClock } from './clock.ts'
import { decodeJwt } from './jwt.ts'

describe('decodeJwt', () => {
  it('reads iat and exp', () => {
    expect(decodeJwt(mintJwt(1_700_000_000))).toMatchObject({ iat: 1_700_000_000, exp: 1_700_000_300 })
  })

  it.each([undefined, null, 42, '', 'a.b.c', 'a', `x.${btoa('{"iat":"1","exp":2}')}.y`])(
    'gives null for %s',
    (value) => {
      expect(decodeJwt(value)).toBeNull()
    },
  )

  it('reads base64url payloads', () => {
    const payload = btoa(JSON.stringify({ iat: 1, exp: 2, name: '\u00ff\u00fe?>' }))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
    expect(decodeJwt(`h.${payload}.s`)).toMatchObject({ iat: 1, exp: 2 })
  })
})

describe('createClock', () => {
  it('follows the server clock learned from iat', () => {
    let local = 1_000_000
    const clock = createClock(() => local, () => local - 1_000_000)
    expect(clock.now()).toBe(1_000_000)
    clock.sync(1600) // server says 1,600,000 ms
    expect(clock.now()).toBe(1_600_000)
    local += 5000
    expect(clock.now()).toBe(1_605_000)
  })
})
