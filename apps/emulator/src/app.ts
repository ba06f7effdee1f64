import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono, type Context } from 'hono'
import { bearer, keyChecker, requireKey } from './auth.ts'
import { readJson } from './body.ts'
import type { EmulatorConfig } from './config.ts'
import { corsCheck } from './cors.ts'
import { newId } from './crypto.ts'
import { ApiError, errorBody, isApiError } from './errors.ts'
import type { KeyStore } from './keys.ts'
import { mailboxPage, type Mailbox } from './mailbox.ts'
import type { OAuthService } from './oauth.ts'
import { registerOAuthRoutes } from './oauth-routes.ts'
import type { OtpService } from './otp.ts'
import {
  exactlyOne,
  listSessionsQuery,
  loginOrCreateBody,
  otpVerifyBody,
  parse,
  parseSessionVerify,
  sessionDeleteBody,
  walletNonceBody,
  walletVerifyBody,
} from './schemas.ts'
import type { Device, SessionRef, Sessions } from './sessions.ts'
import { testWalletScript } from './test-wallet.ts'
import type { Users } from './users.ts'
import { requestHeader } from './request-header.ts'
import { verifyAnswer, type VerifyAnswer } from './verify-answer.ts'
import type { Wallets } from './wallets.ts'

export interface AppDeps {
  config: EmulatorConfig
  keys: KeyStore
  users: Users
  otps: OtpService
  sessions: Sessions
  mailbox: Mailbox
  oauth: OAuthService
  wallets: Wallets
}

/** The context variables the common middleware sets for every handler. */
export type Env = { Variables: { requestId: string; headers: Record<string, string> } }

/** Routes that build their own `Response` from `c.get('headers')` (see the common middleware). */
const SELF_ANSWERING_PATH = '/v1/auth/sessions/verify'
// Compared as they are: a `${method} ${path}` key in a Set cost a string to build and hash per request.
const selfAnswering = (c: Context<Env>): boolean => c.req.path === SELF_ANSWERING_PATH && c.req.method === 'POST'

/**
 * The header names a self-answering route can send, sorted: the common
 * middleware's (request id, CORS, `Cache-Control`) and `content-type`.
 */
const ANSWER_HEADERS = [
  'access-control-allow-origin',
  'access-control-expose-headers',
  'cache-control',
  'content-type',
  'vary',
  'x-request-id',
] as const

/** Sets the common answer headers on the context, for `c.json` and the other helpers. */
function applyHeaders(c: Context<Env>, headers: Record<string, string>): void {
  for (const name in headers) c.header(name, headers[name])
}

/**
 * A JSON answer built directly, with the common headers as a plain object:
 * `c.json` after `c.header` goes through a Fetch `Headers`, which costs
 * @hono/node-server its header conversion on every answer (issue 12's profile).
 * The header block is the one that conversion writes: names in lower case and
 * sorted (as a `Headers` iterates them), then `Content-Length`.
 */
function jsonAnswer(c: Context<Env>, { bytes, length }: VerifyAnswer): Response {
  const common = c.get('headers')
  common['content-type'] = 'application/json'
  let headers: Record<string, string> = {}
  let count = 0
  for (const name of ANSWER_HEADERS) {
    const value = common[name]
    if (value !== undefined) {
      headers[name] = value
      count++
    }
  }
  // A header this list does not know (a later change to the middleware): sort them all.
  let all = 0
  for (const _ in common) all++
  if (all !== count) {
    headers = {}
    for (const name of Object.keys(common).sort()) headers[name] = common[name]!
  }
  headers['Content-Length'] = length
  return new Response(bytes, { status: 200, headers })
}

function errorResponse(c: Context<Env>, error: ApiError): Response {
  // Self-answering routes left the common headers off the context.
  const common = c.get('headers')
  if (common && selfAnswering(c)) applyHeaders(c, common)
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value)
  return c.json(errorBody(error, c.get('requestId')), error.status)
}

function device(c: Context<Env>): Device {
  let ip = ''
  try {
    ip = getConnInfo(c).remote.address ?? ''
  } catch {
    // In-process requests (app.request) have no socket.
  }
  return { user_agent: requestHeader(c, 'user-agent') ?? '', ip }
}

/** The Hono app serving the MoonKey REST API (`/v1/auth/…`) and the emulator-only routes (`/emulator/…`). */
export function createApp({ config, keys, users, otps, sessions, mailbox, oauth, wallets }: AppDeps): Hono<Env> {
  const app = new Hono<Env>()
  const keyKind = keyChecker(config)
  const caller = (c: Context<Env>, need: 'client' | 'secret') => requireKey(keyKind(bearer(c)), need)

  const checkCors = corsCheck(config.allowedOrigins)
  const answerBody = verifyAnswer()

  // One middleware for what every answer carries, so Hono's compose runs one step
  // instead of three: the request id, CORS, and `Cache-Control: no-store` on the
  // API. The headers are collected in a plain object and set on the context only
  // for routes answering through `c.json` & co.; self-answering routes put them in
  // their own `Response`. Nothing reads `c.res` after `next()`: that makes Hono
  // build a full Response and @hono/node-server take its slow path.
  app.use((c, next) => {
    const requestId = newId('req')
    const headers: Record<string, string> = { 'x-request-id': requestId }
    c.set('requestId', requestId)
    c.set('headers', headers)
    if (checkCors(c, headers) === 'preflight') {
      applyHeaders(c, headers)
      return Promise.resolve(c.body(null, 204))
    }
    if (c.req.path.startsWith('/v1/auth/')) headers['cache-control'] = 'no-store'
    if (!selfAnswering(c)) applyHeaders(c, headers)
    return next()
  })

  app.post('/v1/auth/otps/email/login_or_create', async (c) => {
    caller(c, 'client')
    const body = parse(loginOrCreateBody, await readJson(c))
    return c.json(otps.loginOrCreate(body.email.toLowerCase(), body.expires_in ?? 10))
  })

  // Existing users only (the SDK's `disableSignup`): an unknown email is 404 user_not_found.
  app.post('/v1/auth/otps/email/send', async (c) => {
    caller(c, 'client')
    const body = parse(loginOrCreateBody, await readJson(c))
    return c.json(otps.loginOrCreate(body.email.toLowerCase(), body.expires_in ?? 10, { create: false }))
  })

  app.post('/v1/auth/otps/verify', async (c) => {
    caller(c, 'client')
    const body = parse(otpVerifyBody, await readJson(c))
    const email = otps.verify(body.method_id, body.otp)
    users.markVerified(email, Math.floor(config.now() / 1000))
    const result = await sessions.authenticate(email, body.session_expires_in, device(c), body.session_token)
    return c.json({
      method_id: email.id,
      method_type: 'email',
      user_id: email.user_id,
      session_token: result.session_token,
      session_jwt: result.session_jwt,
      session: result.session,
      user: users.get(email.user_id),
    })
  })

  registerOAuthRoutes(app, { config, users, sessions, oauth, keyKind, readJson, device, clientKey: (c) => caller(c, 'client') })
  app.post('/v1/auth/wallets/registrations/nonce', async (c) => {
    caller(c, 'client')
    const body = parse(walletNonceBody, await readJson(c))
    return c.json(wallets.nonce(body.wallet_type, body.public_address))
  })

  app.post('/v1/auth/wallets/siwe/verify', async (c) => {
    caller(c, 'client')
    const body = parse(walletVerifyBody, await readJson(c))
    const { session_expires_in, ...login } = body
    const { wallet, user_created } = await wallets.verify({ ...login, origin: c.req.header('origin') })
    const result = await sessions.authenticateFactor(wallet.user_id, (now) => wallets.factor(wallet, now), session_expires_in, device(c))
    return c.json({
      method_id: wallet.id,
      method_type: 'wallet',
      user_id: wallet.user_id,
      user_created,
      session_token: result.session_token,
      session_jwt: result.session_jwt,
      session: result.session,
      user: users.get(wallet.user_id),
    })
  })

  app.post('/v1/auth/sessions/verify', async (c) => {
    caller(c, 'client')
    const body = parseSessionVerify(await readJson(c))
    const by = exactlyOne(body, ['session_token', 'session_jwt'] as const)
    const ref = by === 'session_token' ? { session_token: body.session_token! } : { session_jwt: body.session_jwt! }
    const result = await sessions.verify(ref, body.session_expires_in)
    // Within a second, the same bytes for the same session (verify-answer.ts).
    return jsonAnswer(c, answerBody(result, users.get(result.session.user_id)))
  })

  app.delete('/v1/auth/sessions/delete', async (c) => {
    const kind = caller(c, 'client')
    const body = parse(sessionDeleteBody, await readJson(c))
    const by = exactlyOne(body, ['session_token', 'session_jwt', 'session_id'] as const)
    if (by === 'session_id' && kind !== 'secret') {
      throw new ApiError(403, 'forbidden', 'Deleting by session_id needs the secret key.')
    }
    const ref: SessionRef =
      by === 'session_token'
        ? { session_token: body.session_token! }
        : by === 'session_jwt'
          ? { session_jwt: body.session_jwt! }
          : { session_id: body.session_id! }
    await sessions.revoke(ref)
    return c.json({ message: 'Successfully deleted session' })
  })

  app.get('/v1/auth/sessions/list', (c) => {
    caller(c, 'secret')
    const query = parse(listSessionsQuery, c.req.query())
    users.get(query.user_id)
    return c.json({ sessions: sessions.listActive(query.user_id) })
  })

  app.get('/v1/auth/users/:user_id', (c) => {
    caller(c, 'secret')
    return c.json(users.get(c.req.param('user_id')))
  })

  // `/v1/auth/jwks/default` (secret key) and `/v1/auth/jwks/:app_id` (public) are one
  // route: a static path next to a parameter at the same depth makes Hono's
  // SmartRouter fall back from its RegExpRouter to the slower TrieRouter for every
  // request (issue 12's profile; tested in app.test.ts).
  app.get('/v1/auth/jwks/:app_id', (c) => {
    const appId = c.req.param('app_id')
    if (appId === 'default') requireKey(keyKind(bearer(c) ?? c.req.query('api_key')), 'secret')
    else if (appId !== config.appId) throw new ApiError(404, 'not_found', 'Unknown app id.')
    c.header('Cache-Control', 'public, max-age=60')
    return c.json(keys.jwks())
  })

  // Emulator-only routes: not part of the MoonKey API.
  app.get('/emulator', (c) => c.html(mailboxPage(mailbox.list(), config.appId, oauth.accounts())))

  app.get('/emulator/v1/mailbox', (c) => c.json({ messages: mailbox.list(c.req.query('email')) }))

  // A development wallet (EIP-6963 Ethereum + Wallet Standard Solana) for pages to include.
  app.get('/emulator/test-wallet.js', async (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    return c.body(await testWalletScript())
  })

  app.notFound(() => {
    throw new ApiError(404, 'not_found', 'No such endpoint.')
  })

  app.onError((error, c) => {
    if (isApiError(error)) return errorResponse(c, error)
    config.log(`[moonkey-emulator] internal error (${c.get('requestId')}): ${error instanceof Error ? error.message : String(error)}`)
    return errorResponse(c, new ApiError(500, 'internal_error', 'Internal error.'))
  })

  return app
}
