import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose'

export interface TestKey {
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
}

export async function newKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' } }
}

export const APP_ID = 'app_test_local'
export const ISSUER = `moonkey.fun/${APP_ID}`

/** Mints a session JWT like MoonKey's, with overridable claims and header. */
export function mint(
  key: TestKey,
  now: number,
  { claims = {}, header = {} }: { claims?: JWTPayload; header?: Record<string, unknown> } = {},
): Promise<string> {
  const iat = Math.floor(now / 1000)
  return new SignJWT({
    iss: ISSUER,
    aud: APP_ID,
    sub: 'user_1',
    jti: 'sess_1',
    iat,
    nbf: iat,
    exp: iat + 300,
    session: { id: 'sess_1', user_id: 'user_1', started_at: iat, expires_at: iat + 3600, last_active_at: iat, factors: [] },
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })
    .sign(key.privateKey)
}

export interface JwksServer {
  url: string
  /** JWKS fetches served so far. */
  fetches: number
  keys: TestKey[]
  cacheControl: string | null
  /** Answer 500 instead of the JWKS. */
  failing: boolean
  close(): Promise<void>
}

/** A tiny JWKS endpoint on 127.0.0.1: `GET /v1/auth/jwks/{APP_ID}`, counting fetches. */
export async function startJwksServer(keys: TestKey[]): Promise<JwksServer> {
  const state: Omit<JwksServer, 'url' | 'close'> = { fetches: 0, keys, cacheControl: 'public, max-age=60', failing: false }
  const server: Server = createServer((req, res) => {
    if (req.url !== `/v1/auth/jwks/${APP_ID}`) {
      res.writeHead(404).end()
      return
    }
    state.fetches++
    if (state.failing) {
      res.writeHead(500).end('{}')
      return
    }
    // Answer a little later so that concurrent callers really overlap.
    setTimeout(() => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        ...(state.cacheControl === null ? {} : { 'Cache-Control': state.cacheControl }),
      })
      res.end(JSON.stringify({ keys: state.keys.map((key) => key.publicJwk) }))
    }, 20)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  })
}
