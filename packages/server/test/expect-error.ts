import { inspect } from 'node:util'
import { expect } from 'vitest'
import { isMoonKeyAuthError, type MoonKeyAuthError, type MoonKeyAuthErrorCode } from '../src/index.ts'

/** Every secret the suite uses: no error may ever show one. */
export const SECRETS = new Set<string>(['sk_test_emulator'])

/** Asserts that `text` contains none of the known secrets. */
export function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret)
}

/**
 * Awaits a rejection, checks it is a MoonKeyAuthError with `code`, and that
 * the secret key appears in neither its message, stack, inspection nor JSON.
 */
export async function expectAuthError(promise: Promise<unknown>, code: MoonKeyAuthErrorCode): Promise<MoonKeyAuthError> {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }
  expect(isMoonKeyAuthError(caught), `expected a MoonKeyAuthError (${code}), got ${inspect(caught)}`).toBe(true)
  const error = caught as MoonKeyAuthError
  expect(error.code).toBe(code)
  expectNoSecret(error.message)
  expectNoSecret(String(error.stack))
  expectNoSecret(inspect(error, { depth: 10 }))
  expectNoSecret(JSON.stringify(error))
  return error
}
