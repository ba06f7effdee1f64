import { describe, expect, it } from 'vitest'
import { parse, parseSessionVerify, sessionVerifyBody } from './schemas.ts'

/** What a parse returns or throws, comparable across both parsers. */
const outcome = (run: () => unknown) => {
  try {
    return { ok: run() }
  } catch (error) {
    const { status, type, message } = error as { status: number; type: string; message: string }
    return { error: { status, type, message } }
  }
}

const token = `session_${'a'.repeat(64)}`
const INPUTS: unknown[] = [
  { session_token: token },
  { session_jwt: 'a.b.c' },
  { session_token: 'x'.repeat(200) },
  { session_token: 'x'.repeat(201) },
  { session_jwt: 'x'.repeat(8192) },
  { session_jwt: 'x'.repeat(8193) },
  { session_token: '' },
  { session_token: 42 },
  { session_token: null },
  { session_token: token, session_expires_in: 60 },
  { session_token: token, session_jwt: 'a.b.c' },
  { session_token: token, extra: 1 },
  { extra: 1 },
  { __proto__: 'x' },
  JSON.parse('{"__proto__":"x"}'),
  {},
  [],
  [token],
  null,
  'session_x',
  42,
]

describe('parseSessionVerify', () => {
  it.each(INPUTS.map((input, i) => [i, input]))('answers input %i exactly like the zod schema', (_, input) => {
    const quick = outcome(() => parseSessionVerify(input))
    const schema = outcome(() => parse(sessionVerifyBody, input))
    expect(quick).toEqual(schema)
  })
})
