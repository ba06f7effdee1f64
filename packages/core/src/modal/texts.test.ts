import { describe, expect, it } from 'vitest'
import { en, fill, resolveTexts } from './texts.ts'

describe('texts', () => {
  it('English, then config.texts, then the emailOtp texts; only non-empty strings count', () => {
    const texts = resolveTexts({
      texts: { verifiedTitle: 'Done', verifyEmailTitle: 'Your code', closeLabel: '' },
      emailOtp: { verifyEmailTitle: 'Check your inbox', expiresIn: 300 },
    })
    expect(texts.verifiedTitle).toBe('Done')
    expect(texts.verifyEmailTitle).toBe('Check your inbox')
    expect(texts.closeLabel).toBe(en.closeLabel)
    expect(Object.keys(texts)).toEqual(Object.keys(en))
  })

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(fill('{email} in {seconds}s {other}', { email: 'a@b.co', seconds: 3 })).toBe('a@b.co in 3s {other}')
  })
})
