import type { SessionObject, UserObject } from './objects.ts'
import type { SessionCredentials } from './sessions.ts'

/** A `sessions/verify` answer body: its UTF-8 bytes and their `Content-Length`. */
export interface VerifyAnswer {
  bytes: Uint8Array<ArrayBuffer>
  length: string
}

const encoder = new TextEncoder()

/**
 * The body of a `sessions/verify` answer, kept per session object. Within a
 * second every verify of a session gets the same session object (its
 * `last_active_at` has second granularity, see sessions.ts), the same memoized JWT
 * and the same cached user object, none of which is ever mutated; so the body is
 * reused while all of them (and the token echoed back) are the same, and rebuilt
 * otherwise. The bytes are exactly the UTF-8 of `JSON.stringify` of the answer
 * object; kept as bytes, they are not encoded again for every answer (Node
 * writes a string body through a UTF-8 conversion per response), and nothing
 * ever writes to them.
 *
 * @example
 * const answerBody = verifyAnswer()
 * const { bytes, length } = answerBody(await sessions.verify(ref), users.get(userId))
 */
export function verifyAnswer(): (result: SessionCredentials, user: UserObject) => VerifyAnswer {
  const known = new WeakMap<SessionObject, { token: string | null; jwt: string; user: UserObject; answer: VerifyAnswer }>()
  return (result, user) => {
    const hit = known.get(result.session)
    if (hit && hit.user === user && hit.jwt === result.session_jwt && hit.token === result.session_token) return hit.answer
    const bytes = encoder.encode(
      JSON.stringify({
        session: result.session,
        session_token: result.session_token,
        session_jwt: result.session_jwt,
        user,
      }),
    )
    const answer = { bytes, length: String(bytes.length) }
    known.set(result.session, { token: result.session_token, jwt: result.session_jwt, user, answer })
    return answer
  }
}
