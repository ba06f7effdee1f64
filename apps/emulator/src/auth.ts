import { timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import type { EmulatorConfig } from './config.ts'
import { sha256Hex } from './crypto.ts'
import { ApiError } from './errors.ts'
import { requestHeader } from './request-header.ts'

export type KeyKind = 'secret' | 'publishable'

/**
 * Reads `Authorization: Bearer <key>`: the key's SHA-256 is compared in constant
 * time against both keys' (the digests of the two keys are made once, as bytes).
 */
export function keyChecker(config: EmulatorConfig): (key: string | undefined) => KeyKind | undefined {
  const secret = Buffer.from(sha256Hex(config.secretKey))
  const publishable = Buffer.from(sha256Hex(config.publishableKey))
  return (key) => {
    if (key === undefined || key === '') return undefined
    const hash = Buffer.from(sha256Hex(key))
    if (timingSafeEqual(hash, secret)) return 'secret'
    if (timingSafeEqual(hash, publishable)) return 'publishable'
    return undefined
  }
}

export function bearer(c: Context): string | undefined {
  const header = requestHeader(c, 'authorization')
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}

/** 401 for a missing or unknown key; 403 for a publishable key where a secret key is needed. */
export function requireKey(kind: KeyKind | undefined, need: 'client' | 'secret'): KeyKind {
  if (kind === undefined) {
    throw new ApiError(401, 'unauthorized', 'Missing or unknown API key; send Authorization: Bearer <key>.')
  }
  if (need === 'secret' && kind !== 'secret') {
    throw new ApiError(403, 'forbidden', 'This endpoint needs the secret key; the publishable key is not allowed.')
  }
  return kind
}
