import { describe, expect, it } from 'vitest'
import { defaultTexts, fill, resolveTexts } from './texts.ts'

describe('texts', () => {
  it('overrides only non-empty strings and ignores the non-text options', () => {
    const texts = resolveTexts({ verifiedTitle: 'Done', codeFormTitle: '', expiresIn: 5 })
    expect(texts.verifiedTitle).toBe('Done')
    expect(texts.codeFormTitle).toBe(defaultTexts.codeFormTitle)
    expect(Object.keys(texts)).toEqual(Object.keys(defaultTexts))
  })

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(fill('{email} in {seconds}s {other}', { email: 'a@b.co', seconds: 3 })).toBe('a@b.co in 3s {other}')
  })
})
