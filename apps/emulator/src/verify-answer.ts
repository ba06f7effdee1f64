import type { SessionObject, UserObject } from './objects.ts'
import type { SessionCredentials } from './sessions.ts'

/**
 * The JSON text of a `sessions/verify` answer, kept per session object. Within a
 * second every verify of a session gets the same session object (its
 * `last_active_at` has second granularity, see sessions.ts), the same memoized JWT
 * and the same cached user object, none of which is ever mutated; so the text is
 * reused while all of them (and the token echoed back) are the same, and rebuilt
 * otherwise. The text is exactly `JSON.stringify` of the answer object.
 *
 * @example
 * const answerText = verifyAnswerText()
 * const text = answerText(await sessions.verify(ref), users.get(userId))
 */
export function verifyAnswerText(): (result: SessionCredentials, user: UserObject) => string {
  const known = new WeakMap<SessionObject, { token: string | null; jwt: string; user: UserObject; text: string }>()
  return (result, user) => {
    const hit = known.get(result.session)
    if (hit && hit.user === user && hit.jwt === result.session_jwt && hit.token === result.session_token) return hit.text
    const text = JSON.stringify({
      session: result.session,
      session_token: result.session_token,
      session_jwt: result.session_jwt,
      user,
    })
    known.set(result.session, { token: result.session_token, jwt: result.session_jwt, user, text })
    return text
  }
}
