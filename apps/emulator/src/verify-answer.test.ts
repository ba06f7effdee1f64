import { describe, expect, it } from 'vitest'
import type { SessionObject, UserObject } from './objects.ts'
import { verifyAnswer } from './verify-answer.ts'

const session = (last: number) => ({ id: 'sess_1', user_id: 'user_1', last_active_at: last }) as unknown as SessionObject
const user = { id: 'user_1', email: 'ada@example.com', metadata: { name: 'Ada Lovelace ✓' } } as unknown as UserObject
const parsed = (answer: { bytes: Uint8Array }) => JSON.parse(Buffer.from(answer.bytes).toString('utf8'))

describe('verifyAnswer', () => {
  it('is the UTF-8 of JSON.stringify of the answer, in the contract’s field order, with its byte length', () => {
    const s = session(1)
    const answer = verifyAnswer()({ session: s, session_token: 'session_x', session_jwt: 'jwt_1' }, user)
    const text = JSON.stringify({ session: s, session_token: 'session_x', session_jwt: 'jwt_1', user })
    expect(Buffer.from(answer.bytes).equals(Buffer.from(text, 'utf8'))).toBe(true)
    expect(answer.length).toBe(String(Buffer.byteLength(text)))
    expect(Number(answer.length)).toBeGreaterThan(text.length) // a non-ASCII character: bytes, not characters
    expect(Object.keys(parsed(answer))).toEqual(['session', 'session_token', 'session_jwt', 'user'])
  })

  it('reuses the body for the same session object, JWT, token and user', () => {
    const answerBody = verifyAnswer()
    const s = session(1)
    const first = answerBody({ session: s, session_token: 'session_x', session_jwt: 'jwt_1' }, user)
    // The same bytes: no new serialization or encoding.
    expect(answerBody({ session: s, session_token: 'session_x', session_jwt: 'jwt_1' }, user).bytes).toBe(first.bytes)
  })

  it('rebuilds it when anything in the answer changed', () => {
    const answerBody = verifyAnswer()
    const s = session(1)
    answerBody({ session: s, session_token: 'session_x', session_jwt: 'jwt_1' }, user)
    const newer = session(2)
    expect(parsed(answerBody({ session: newer, session_token: 'session_x', session_jwt: 'jwt_1' }, user)).session.last_active_at).toBe(2)
    expect(parsed(answerBody({ session: s, session_token: 'session_x', session_jwt: 'jwt_2' }, user)).session_jwt).toBe('jwt_2')
    expect(parsed(answerBody({ session: s, session_token: null, session_jwt: 'jwt_2' }, user)).session_token).toBeNull()
    const renamed = { ...user, email: 'grace@example.com' } as UserObject
    expect(parsed(answerBody({ session: s, session_token: null, session_jwt: 'jwt_2' }, renamed)).user.email).toBe('grace@example.com')
  })
})
