import { describe, expect, it } from 'vitest'
import type { SessionObject, UserObject } from './objects.ts'
import { verifyAnswerText } from './verify-answer.ts'

const session = (last: number) => ({ id: 'sess_1', user_id: 'user_1', last_active_at: last }) as unknown as SessionObject
const user = { id: 'user_1', email: 'ada@example.com' } as unknown as UserObject

describe('verifyAnswerText', () => {
  it('is JSON.stringify of the answer, in the contract’s field order', () => {
    const s = session(1)
    const text = verifyAnswerText()({ session: s, session_token: 'session_x', session_jwt: 'jwt_1' }, user)
    expect(text).toBe(JSON.stringify({ session: s, session_token: 'session_x', session_jwt: 'jwt_1', user }))
    expect(Object.keys(JSON.parse(text))).toEqual(['session', 'session_token', 'session_jwt', 'user'])
  })

  it('reuses the text for the same session object, JWT, token and user', () => {
    const answerText = verifyAnswerText()
    const s = session(1)
    const first = answerText({ session: s, session_token: 'session_x', session_jwt: 'jwt_1' }, user)
    // The same string object: no new serialization.
    expect(answerText({ session: s, session_token: 'session_x', session_jwt: 'jwt_1' }, user)).toBe(first)
  })

  it('rebuilds it when anything in the answer changed', () => {
    const answerText = verifyAnswerText()
    const s = session(1)
    answerText({ session: s, session_token: 'session_x', session_jwt: 'jwt_1' }, user)
    const newer = session(2)
    expect(JSON.parse(answerText({ session: newer, session_token: 'session_x', session_jwt: 'jwt_1' }, user)).session.last_active_at).toBe(2)
    expect(JSON.parse(answerText({ session: s, session_token: 'session_x', session_jwt: 'jwt_2' }, user)).session_jwt).toBe('jwt_2')
    expect(JSON.parse(answerText({ session: s, session_token: null, session_jwt: 'jwt_2' }, user)).session_token).toBeNull()
    const renamed = { ...user, email: 'grace@example.com' } as UserObject
    expect(JSON.parse(answerText({ session: s, session_token: null, session_jwt: 'jwt_2' }, renamed)).user.email).toBe('grace@example.com')
  })
})
