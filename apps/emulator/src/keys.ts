import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { importJWK, type JWK } from 'jose'
import { nowSeconds, type EmulatorConfig } from './config.ts'
import { newId } from './crypto.ts'
import type { Db, KeyRow } from './db.ts'

export interface PublicJwk {
  kty: 'RSA'
  kid: string
  use: 'sig'
  alg: 'RS256'
  n: string
  e: string
}

interface LoadedKey {
  kid: string
  /** Imported once (lazily) into WebCrypto keys, so no request pays for a key import. */
  privateKey: () => Promise<CryptoKey>
  publicKey: () => Promise<CryptoKey>
  publicJwk: PublicJwk
  retiredAt: number | null
  maxJwtLifetime: number
}

export interface KeyStore {
  /** The key that signs new JWTs. */
  signingKey(): { kid: string; privateKey: Promise<CryptoKey> }
  /** A published public key by `kid`, or undefined (unknown or past its retention). */
  publicKey(kid: string): Promise<CryptoKey> | undefined
  /** The JWKS: the active key plus retired keys some unexpired JWT may still need. */
  jwks(): { keys: PublicJwk[] }
  /** Retires the active key and starts signing with a new one. */
  rotate(): void
}

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined
  return () => (value ??= { v: make() }).v
}

/** Creates a 2048-bit RS256 key pair and stores it as the active key. */
export function insertNewKey(db: Db, createdAt: number, jwtLifetime: number, given?: KeyObject): string {
  const kid = newId('jwk')
  const privateKey = given ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  if (privateKey.asymmetricKeyType !== 'rsa' || privateKey.type !== 'private') throw new Error('signing key must be an RSA private key')
  const publicKey = createPublicKey(privateKey)
  const privateJwk = privateKey.export({ format: 'jwk' })
  const { n, e } = publicKey.export({ format: 'jwk' })
  const publicJwk: PublicJwk = { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: String(n), e: String(e) }
  db.prepare(
    'INSERT INTO signing_keys (kid, private_jwk, public_jwk, created_at, retired_at, max_jwt_lifetime) VALUES (?, ?, ?, ?, NULL, ?)',
  ).run(kid, JSON.stringify(privateJwk), JSON.stringify(publicJwk), createdAt, jwtLifetime)
  return kid
}

/**
 * Rotation as one transaction: every active key is retired now and a new one
 * becomes active. Used by the running emulator and by `moonkey-emulator rotate-keys`.
 */
export function rotateKeysInDb(db: Db, at: number, jwtLifetime: number): string {
  return db.transaction(() => {
    db.prepare('UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL').run(at)
    return insertNewKey(db, at, jwtLifetime)
  })()
}

/**
 * Signing keys live in SQLite and are imported once into memory. Another process
 * (`moonkey-emulator rotate-keys`) may change them; `PRAGMA data_version` tells us
 * cheaply when that happened, and only then are the keys reloaded.
 */
export function createKeyStore(db: Db, config: EmulatorConfig): KeyStore {
  const selectKeys = db.prepare('SELECT * FROM signing_keys ORDER BY created_at, rowid')
  const dataVersion = db.prepare('PRAGMA data_version')
  const raiseLifetime = db.prepare(
    'UPDATE signing_keys SET max_jwt_lifetime = MAX(max_jwt_lifetime, ?) WHERE retired_at IS NULL',
  )
  let keys: LoadedKey[] = []
  let active: LoadedKey | undefined
  let seenVersion = -1

  const readVersion = (): number => (dataVersion.get() as { data_version: number }).data_version

  function load(): void {
    // This emulator may sign JWTs for up to its configured lifetime with the active key.
    raiseLifetime.run(config.jwtLifetimeSeconds)
    let rows = selectKeys.all() as KeyRow[]
    if (!rows.some((row) => row.retired_at === null)) {
      insertNewKey(db, nowSeconds(config), config.jwtLifetimeSeconds, config.initialSigningKey)
      rows = selectKeys.all() as KeyRow[]
    }
    keys = rows.map((row) => ({
      kid: row.kid,
      privateKey: once(() => importJWK(JSON.parse(row.private_jwk) as JWK, 'RS256') as Promise<CryptoKey>),
      publicKey: once(() => importJWK(JSON.parse(row.public_jwk) as JWK, 'RS256') as Promise<CryptoKey>),
      publicJwk: JSON.parse(row.public_jwk) as PublicJwk,
      retiredAt: row.retired_at,
      maxJwtLifetime: row.max_jwt_lifetime,
    }))
    active = keys.filter((key) => key.retiredAt === null).at(-1)
    seenVersion = readVersion()
  }

  // An in-memory database has no other connection that could rotate its keys, so
  // only a data dir pays the PRAGMA (about 10 µs through libsql) per use.
  const shared = config.dataDir !== undefined
  function fresh(): LoadedKey[] {
    if (shared && readVersion() !== seenVersion) load()
    return keys
  }

  const published = (key: LoadedKey, now: number): boolean =>
    key.retiredAt === null || now <= key.retiredAt + key.maxJwtLifetime

  load()

  return {
    signingKey() {
      fresh()
      if (!active) throw new Error('no active signing key')
      return { kid: active.kid, privateKey: active.privateKey() }
    },
    publicKey(kid) {
      const now = nowSeconds(config)
      return fresh().find((key) => key.kid === kid && published(key, now))?.publicKey()
    },
    jwks() {
      const now = nowSeconds(config)
      return { keys: fresh().filter((key) => published(key, now)).map((key) => key.publicJwk).reverse() }
    },
    rotate() {
      rotateKeysInDb(db, nowSeconds(config), config.jwtLifetimeSeconds)
      load()
    },
  }
}
