import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import type { Hono } from 'hono'
import { createApp } from './app.ts'
import { resolveConfig, type EmulatorOptions } from './config.ts'
import { openDatabase } from './db.ts'
import { createKeyStore } from './keys.ts'
import { createMailbox, type MailMessage } from './mailbox.ts'
import { createOAuthService } from './oauth.ts'
import { createOtpService } from './otp.ts'
import { createSessions } from './sessions.ts'
import { createTokenService } from './tokens.ts'
import { createUsers } from './users.ts'
import { createWallets } from './wallets.ts'

export interface Emulator {
  /** The Hono app; test it in-process with `app.request()`. */
  app: Hono<any>
  appId: string
  publishableKey: string
  secretKey: string
  issuer: string
  /** The newest one-time code sent to `email` (from the dev mailbox). */
  latestCode(email: string): string | undefined
  /** Dev mailbox contents, oldest first. */
  mailbox(email?: string): MailMessage[]
  /** Retires the signing key and starts signing with a new one. */
  rotateKeys(): Promise<void>
  /** Closes the database. */
  close(): Promise<void>
}

export interface StartOptions extends EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Default `127.0.0.1`. */
  host?: string
}

export interface RunningEmulator extends Omit<Emulator, 'app'> {
  /** e.g. `http://127.0.0.1:53211` */
  url: string
  app: Hono<any>
}

/**
 * Creates an emulator in-process, without a server.
 *
 * @example
 * const emulator = createEmulator({ log: () => {} })
 * const res = await emulator.app.request('/v1/auth/jwks/app_test_emulator')
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const config = resolveConfig(options)
  const db = openDatabase(config.dataDir)
  const keys = createKeyStore(db, config)
  const users = createUsers(db)
  const mailbox = createMailbox(config.log)
  const otps = createOtpService(db, config, users, mailbox)
  const tokens = createTokenService(config, keys)
  const sessions = createSessions(db, config, tokens)
  const oauth = createOAuthService(db, config, users)
  const wallets = createWallets(db, config, users)
  const app = createApp({ config, keys, users, otps, sessions, mailbox, oauth, wallets })
  let closed = false
  return {
    app,
    appId: config.appId,
    publishableKey: config.publishableKey,
    secretKey: config.secretKey,
    issuer: config.issuer,
    latestCode: (email) => mailbox.latestCode(email),
    mailbox: (email) => mailbox.list(email),
    rotateKeys: async () => keys.rotate(),
    close: async () => {
      if (closed) return
      closed = true
      db.close()
    },
  }
}

/**
 * Starts an emulator on a real HTTP port (a free one by default).
 *
 * @example
 * const emulator = await startEmulator({ log: () => {} })
 * await fetch(`${emulator.url}/v1/auth/jwks/${emulator.appId}`)
 * await emulator.close()
 */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator(options)
  const hostname = options.host ?? '127.0.0.1'
  let server: Server
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server = serve({ fetch: emulator.app.fetch, port: options.port ?? 0, hostname }, resolve) as Server
    server.once('error', reject)
  }).catch(async (error: unknown) => {
    await emulator.close()
    throw error
  })
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    ...emulator,
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      }).then(() => emulator.close())),
  }
}
