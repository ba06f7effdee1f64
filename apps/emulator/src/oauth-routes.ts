import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { Env } from './app.ts'
import type { EmulatorConfig } from './config.ts'
import { ApiError } from './errors.ts'
import { isOAuthProvider, type OAuthService } from './oauth.ts'
import { providerGonePage, providerPage } from './oauth-page.ts'
import type { OAuthProvider } from './objects.ts'
import { redirectUrlMatcher } from './redirect-urls.ts'
import { minutes, opaque, parse } from './schemas.ts'
import type { Device, Sessions } from './sessions.ts'
import type { Users } from './users.ts'

export interface OAuthRouteDeps {
  config: EmulatorConfig
  users: Users
  sessions: Sessions
  oauth: OAuthService
  /** The app's key check: `public_token` must be the publishable key. */
  keyKind: (key: string | undefined) => 'secret' | 'publishable' | undefined
  readJson: (c: Context<Env>) => Promise<unknown>
  device: (c: Context<Env>) => Device
  /** 401 for a missing or unknown key (`Authorization` header). */
  clientKey: (c: Context<Env>) => void
}

const redirectUrl = (name: string) =>
  z.string({ error: `${name} must be a string.` }).min(1, { error: `${name} must not be empty.` }).max(2048, { error: `${name} is too long.` })

const beginQuery = z.strictObject({
  public_token: z.string(),
  login_redirect_url: redirectUrl('login_redirect_url'),
  registration_redirect_url: redirectUrl('registration_redirect_url').optional(),
  redirect: z.enum(['true', 'false'], { error: 'redirect must be true or false.' }).optional(),
  state: z
    .string()
    .max(512, { error: 'state is too long (at most 512 characters).' })
    .regex(/^[\x21-\x7e]+$/, { error: 'state must be printable ASCII without spaces.' })
    .optional(),
  code_challenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, { error: 'code_challenge must be an S256 challenge: 43 base64url characters.' })
    .optional(),
})

const verifyBody = z.strictObject({
  token: opaque('token', 200),
  session_expires_in: minutes('session_expires_in', 5, 527040).optional(),
  code_verifier: z
    .string({ error: 'code_verifier must be a string.' })
    .regex(/^[A-Za-z0-9._~-]{43,128}$/, { error: 'code_verifier must be 43–128 characters of [A-Za-z0-9._~-].' })
    .optional(),
})

const email = z.string().trim().toLowerCase().max(254).pipe(z.email())

const provider = (c: Context<Env>): OAuthProvider => {
  const name = c.req.param('provider') ?? ''
  if (!isOAuthProvider(name)) throw new ApiError(404, 'not_found', `Unknown OAuth provider "${name}"; use google or apple.`)
  return name
}

/**
 * `GET /v1/auth/oauth/{provider}/begin`, `POST /v1/auth/oauth/verify`, and the fake
 * provider's page at `/emulator/oauth/{provider}?flow=…` (GET shows it, POST submits it).
 */
export function registerOAuthRoutes(app: Hono<Env>, deps: OAuthRouteDeps): void {
  const { config, users, sessions, oauth, keyKind, readJson, device, clientKey } = deps
  const allowed = redirectUrlMatcher(config.redirectUrls)
  const checkRedirect = (name: string, url: string): void => {
    if (!allowed(url)) {
      throw new ApiError(
        400,
        'invalid_redirect_url',
        `${name} is not an allowed redirect URL; allow it with the emulator's --redirect-url option.`,
      )
    }
  }

  app.get('/v1/auth/oauth/:provider/begin', (c) => {
    const name = provider(c)
    const kind = keyKind(c.req.query('public_token'))
    if (kind !== 'publishable') {
      throw new ApiError(401, 'unauthorized', 'public_token must be the publishable key.')
    }
    const query = parse(beginQuery, c.req.query())
    checkRedirect('login_redirect_url', query.login_redirect_url)
    if (query.registration_redirect_url !== undefined) {
      checkRedirect('registration_redirect_url', query.registration_redirect_url)
    }
    const flow = oauth.begin(name, query)
    const target = new URL(`/emulator/oauth/${name}`, c.req.url)
    target.searchParams.set('flow', flow)
    if (query.redirect === 'true') return c.redirect(target.toString(), 302)
    return c.json({ redirect_url: target.toString() })
  })

  app.post('/v1/auth/oauth/verify', async (c) => {
    clientKey(c)
    const body = parse(verifyBody, await readJson(c))
    const login = oauth.verify(body.token, body.code_verifier)
    const result = await sessions.authenticateFactor(login.email.user_id, login.factor, body.session_expires_in, device(c))
    return c.json({
      user_id: login.email.user_id,
      provider: login.account.provider,
      provider_subject: login.account.provider_subject,
      user_created: login.user_created,
      session_token: result.session_token,
      session_jwt: result.session_jwt,
      session: result.session,
      user: users.get(login.email.user_id),
    })
  })

  // The fake provider: plain HTML, no key (the flow id in the URL is the secret).
  const html = (c: Context<Env>, body: string, status: 200 | 400 | 404 = 200) => {
    c.header('Cache-Control', 'no-store')
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:")
    c.header('X-Frame-Options', 'DENY')
    return c.html(body, status)
  }

  app.get('/emulator/oauth/:provider', (c) => {
    const name = provider(c)
    const view = oauth.view(name, c.req.query('flow') ?? '')
    if (!view) return html(c, providerGonePage(name), 404)
    return html(c, providerPage({ provider: name, flowId: view.flow.id, accounts: view.accounts }))
  })

  app.post('/emulator/oauth/:provider', async (c) => {
    const name = provider(c)
    const form = await c.req.parseBody()
    const field = (key: string): string => (typeof form[key] === 'string' ? (form[key] as string) : '')
    const view = oauth.view(name, field('flow'))
    if (!view) return html(c, providerGonePage(name), 404)
    if (field('action') === 'cancel') return c.redirect(oauth.cancel(view.flow), 303)
    if (field('account')) return c.redirect(oauth.complete(view.flow, { accountId: field('account') }), 303)
    const typed = email.safeParse(field('email'))
    const nameField = field('name').trim().slice(0, 100)
    if (!typed.success) {
      const error = field('email').trim() === '' ? 'Enter an email address.' : 'Enter a valid email address.'
      return html(c, providerPage({ provider: name, flowId: view.flow.id, accounts: view.accounts, error, email: field('email'), name: nameField }), 400)
    }
    return c.redirect(
      oauth.complete(view.flow, { email: typed.data, name: nameField, hideEmail: field('hide_email') === 'on' }),
      303,
    )
  })

  app.get('/emulator/v1/oauth/accounts', (c) => {
    const name = c.req.query('provider')
    if (name !== undefined && !isOAuthProvider(name)) throw new ApiError(404, 'not_found', `Unknown OAuth provider "${name}".`)
    const only = name as OAuthProvider | undefined
    return c.json({
      accounts: oauth.accounts(only).map((a) => ({
        id: a.id,
        provider: a.provider,
        provider_subject: a.provider_subject,
        email: a.email,
        name: a.name,
        user_id: a.user_id,
        created_at: a.created_at,
      })),
    })
  })
}
