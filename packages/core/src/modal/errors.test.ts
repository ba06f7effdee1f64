import { describe, expect, it } from 'vitest'
import { describeError } from './errors.ts'
import { en as t } from './texts.ts'

const err = (code: string, message = '', extra: object = {}) => ({ code, message, status: 400, ...extra })

describe('describeError', () => {
  it('maps validation errors to the field they concern', () => {
    expect(describeError(err('invalid_email'), t)).toMatchObject({ kind: 'email', message: t.invalidEmailMessage })
    expect(describeError(err('invalid_code'), t)).toMatchObject({ kind: 'code', message: t.invalidCodeMessage })
  })

  it('words a wrong code itself, taking only the tries left from the API’s message', () => {
    expect(describeError(err('otp_incorrect', 'The code is incorrect; 2 attempts left.'), t)).toMatchObject({
      kind: 'code',
      message: 'That code is not right. Tries left: 2.',
    })
    expect(describeError(err('otp_incorrect'), t).message).toBe(t.incorrectCodeMessage)
    const own = { ...t, incorrectCodeMessage: 'Falscher Code.', attemptsLeftMessage: 'Noch {attempts} Versuche.' }
    expect(describeError(err('otp_incorrect', '4 attempts left'), own).message).toBe('Falscher Code. Noch 4 Versuche.')
  })

  it('treats an expired or unknown code as expired', () => {
    expect(describeError(err('otp_expired'), t).kind).toBe('expired')
    expect(describeError(err('not_found', '', { status: 404, errorType: 'otp_not_found' }), t).kind).toBe('expired')
  })

  it('rounds retryAfter up and puts it in the message', () => {
    expect(describeError(err('rate_limited', '', { retryAfter: 4.2 }), t)).toEqual({
      kind: 'rate',
      message: 'Too many attempts. Try again in 5 seconds.',
      retryAfter: 5,
    })
    expect(describeError(err('rate_limited'), t).retryAfter).toBe(0)
  })

  it('says offline for network errors and timeouts', () => {
    expect(describeError(err('network_error'), t).kind).toBe('network')
    expect(describeError(err('timeout'), t).kind).toBe('network')
  })

  it('hides server internals and non-MoonKey errors behind a generic message', () => {
    expect(describeError(err('internal_error', 'stack…', { status: 500 }), t).message).toBe(t.genericErrorMessage)
    expect(describeError(new TypeError('x is undefined'), t).message).toBe(t.genericErrorMessage)
    expect(describeError(undefined, t).message).toBe(t.genericErrorMessage)
  })

  it('never shows the API’s message: an unknown user and other client errors have texts of their own', () => {
    expect(describeError(err('user_not_found', 'No such user.', { status: 404 }), t, 'ada@example.com').message).toBe(
      'There is no account for ada@example.com.',
    )
    expect(describeError(err('forbidden', 'Publishable key not allowed.', { status: 403 }), t).message).toBe(
      t.genericErrorMessage,
    )
  })

  it('words a wallet login’s failures itself: declined, wallet gone, wallet failed', () => {
    expect(describeError(err('wallet_rejected', 'The request was rejected in the wallet'), t)).toMatchObject({
      kind: 'other',
      message: t.walletRejectedMessage,
    })
    expect(describeError(err('wallet_not_found', 'The wallet X is not installed'), t).message).toBe(t.walletNotFoundMessage)
    expect(describeError(err('wallet_error', 'The wallet failed: Ledger disconnected'), t).message).toBe(t.walletErrorMessage)
  })
})
