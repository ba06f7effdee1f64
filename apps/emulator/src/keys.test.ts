import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeProtectedHeader } from 'jose'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from './db.ts'
import { rotateKeysInDb } from './keys.ts'
import { testEmulator, type TestEmulator } from './test-utils.ts'

const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'moonkey-keys-'))
  dirs.push(dir)
  return dir
}
let emulator: TestEmulator
afterEach(async () => {
  await emulator.close()
})
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const kids = async (e: TestEmulator): Promise<string[]> =>
  (await e.call('GET', `/v1/auth/jwks/${e.appId}`)).json.keys.map((k: { kid: string }) => k.kid)
const verifyJwt = (e: TestEmulator, jwt: string) => e.call('POST', '/v1/auth/sessions/verify', { session_jwt: jwt })

describe('signing key rotation', () => {
  it('signs with the new key and keeps the old public key until its JWTs have expired', async () => {
    emulator = testEmulator({ jwtLifetimeSeconds: 300 })
    const login = await emulator.login()
    const oldKid = decodeProtectedHeader(login.session_jwt).kid
    emulator.clock.advance(100)
    await emulator.rotateKeys()
    const fresh = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: login.session_token })
    const newKid = decodeProtectedHeader(fresh.json.session_jwt).kid
    expect(newKid).not.toBe(oldKid)
    expect(await kids(emulator)).toEqual([newKid, oldKid])
    expect((await verifyJwt(emulator, login.session_jwt)).status).toBe(200)

    emulator.clock.advance(300) // every JWT the old key signed (at most until rotation + 300 s) has expired
    expect(await kids(emulator)).toEqual([newKid, oldKid])
    emulator.clock.advance(1)
    expect(await kids(emulator)).toEqual([newKid])
    expect((await verifyJwt(emulator, fresh.json.session_jwt)).status).toBe(404) // expired by now too
  })

  it('picks up a rotation made by another process (moonkey-emulator rotate-keys) at once', async () => {
    const dataDir = tempDir()
    emulator = testEmulator({ dataDir, jwtLifetimeSeconds: 600 })
    const login = await emulator.login()
    const oldKid = decodeProtectedHeader(login.session_jwt).kid
    const other = openDatabase(dataDir)
    const newKid = rotateKeysInDb(other, emulator.clock.now() / 1000, 300)
    other.close()
    const fresh = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: login.session_token })
    expect(decodeProtectedHeader(fresh.json.session_jwt).kid).toBe(newKid)
    // The old key was used with a 600 s lifetime here, so it stays 600 s, not the CLI's 300.
    emulator.clock.advance(600)
    expect(await kids(emulator)).toContain(oldKid)
    emulator.clock.advance(1)
    expect(await kids(emulator)).not.toContain(oldKid)
  })
})

describe('persistence (in-process)', () => {
  it('keeps users, sessions and keys across a restart on the same data dir', async () => {
    const dataDir = tempDir()
    emulator = testEmulator({ dataDir })
    const login = await emulator.login()
    await emulator.close()
    emulator = testEmulator({ dataDir, initialSigningKey: undefined })
    expect((await verifyJwt(emulator, login.session_jwt)).status).toBe(200)
    const byToken = await emulator.call('POST', '/v1/auth/sessions/verify', { session_token: login.session_token })
    expect(byToken.status).toBe(200)
    expect(byToken.json.user).toEqual(login.user)
  })
})
