import { z } from 'zod'
import { ApiError, type ErrorType } from './errors.ts'

const email = z
  .string({ error: 'email must be a string.' })
  .max(254, { error: 'Email is too long (at most 254 characters).' })
  .pipe(z.email({ error: 'Email is not a valid address.' }))

export const minutes = (name: string, min: number, max: number) =>
  z
    .int({ error: `${name} must be an integer number of minutes.` })
    .min(min, { error: `${name} must be between ${min} and ${max} minutes.` })
    .max(max, { error: `${name} must be between ${min} and ${max} minutes.` })

export const opaque = (name: string, max: number) =>
  z
    .string({ error: `${name} must be a string.` })
    .min(1, { error: `${name} must not be empty.` })
    .max(max, { error: `${name} is too long.` })

export const loginOrCreateBody = z.strictObject({
  email,
  expires_in: minutes('expires_in', 1, 10).optional(),
})

export const otpVerifyBody = z.strictObject({
  method_id: opaque('method_id', 100),
  otp: z.string({ error: 'otp must be a string.' }).regex(/^\d{6}$/, { error: 'otp must be exactly 6 digits.' }),
  session_expires_in: minutes('session_expires_in', 5, 527040).optional(),
  session_token: opaque('session_token', 200).optional(),
})

export const sessionVerifyBody = z.strictObject({
  session_token: opaque('session_token', 200).optional(),
  session_jwt: opaque('session_jwt', 8192).optional(),
  session_expires_in: minutes('session_expires_in', 5, 527040).optional(),
})

/**
 * {@link sessionVerifyBody} for `POST /v1/auth/sessions/verify`, with a quick
 * check first for the shape nearly every call sends: an object whose only field
 * is a valid `session_token` or `session_jwt`. Anything else goes through the zod
 * schema, so every refusal is the schema's own (same error type and message).
 *
 * @example
 * const body = parseSessionVerify(await readJson(c))
 */
export function parseSessionVerify(input: unknown): z.output<typeof sessionVerifyBody> {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    let only: string | undefined
    let count = 0
    for (const key in input) {
      only = key
      if (++count > 1) break
    }
    if (count === 1) {
      const value = (input as Record<string, unknown>)[only!]
      if (typeof value === 'string' && value.length >= 1) {
        if (only === 'session_token' && value.length <= 200) return { session_token: value }
        if (only === 'session_jwt' && value.length <= 8192) return { session_jwt: value }
      }
    }
  }
  return parse(sessionVerifyBody, input)
}

export const sessionDeleteBody = z.strictObject({
  session_token: opaque('session_token', 200).optional(),
  session_jwt: opaque('session_jwt', 8192).optional(),
  session_id: opaque('session_id', 100).optional(),
})

const walletType = z.enum(['ethereum', 'solana'], { error: "wallet_type must be 'ethereum' or 'solana'." })

export const walletNonceBody = z.strictObject({
  wallet_type: walletType,
  public_address: opaque('public_address', 100),
})

export const walletVerifyBody = z.strictObject({
  wallet_type: walletType,
  public_address: opaque('public_address', 100),
  signature: opaque('signature', 300),
  siwe_challenge: opaque('siwe_challenge', 4096),
  session_expires_in: minutes('session_expires_in', 5, 527040).optional(),
})

export const listSessionsQuery = z.strictObject({
  user_id: opaque('user_id', 100),
})

const TYPE_BY_FIELD: Record<string, ErrorType> = {
  email: 'invalid_email',
  otp: 'invalid_otp_format',
  public_address: 'invalid_wallet_address',
  signature: 'invalid_signature',
  siwe_challenge: 'invalid_siwe_message',
}

/** Parses with a schema, turning the first problem into the contract's 400. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  if (issue.code === 'unrecognized_keys') {
    throw new ApiError(400, 'too_many_parameters', `Unknown parameter${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`)
  }
  const field = typeof issue.path[0] === 'string' ? issue.path[0] : undefined
  if (field === undefined) throw new ApiError(400, 'invalid_request', 'The request body must be a JSON object.')
  const missing = issue.code === 'invalid_type' && (input as Record<string, unknown>)[field] === undefined
  const message = missing ? `${field} is required.` : issue.message
  throw new ApiError(400, TYPE_BY_FIELD[field] ?? 'invalid_request', message)
}

/** Exactly one of the named fields must be present. */
export function exactlyOne<K extends string>(body: Partial<Record<K, unknown>>, names: readonly K[]): K {
  const present = names.filter((name) => body[name] !== undefined)
  if (present.length === 1) return present[0]!
  if (present.length === 0) throw new ApiError(400, 'invalid_request', `Provide one of ${names.join(', ')}.`)
  throw new ApiError(400, 'too_many_parameters', `Provide only one of ${names.join(', ')}.`)
}
