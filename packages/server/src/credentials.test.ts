import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { login, type Login } from '../test/emulator.ts'
import { createMoonKeyServer } from './client.ts'
import { authErrorResponse, isMoonKeyAuthError } from './errors.ts'
import { requireSession as expressSession } from './express.ts'
import { requireSession as honoSession, type MoonKeyVariables } from './hono.ts'
import type { MoonKeyServer } from './types.ts'

/** What an entry point answered for one request with these `Authorization` values. */
type Answer = { status: number; body: unknown }
type EntryPoint = (authorization: string[], cookie?: string) => Promise<Answer>

const headerList = (authorization: string[], cookie?: string): Array<[string, string]> => [
  ...authorization.map((value): [string, string] => ['Authorization', value]),
  ...(cookie === undefined ? [] : [['Cookie', cookie] as [string, string]]),
]

describe('ambiguous credentials are refused the same way in every entry point', () => {
  let emulator: RunningEmulator
  let alice: Login
  let bob: Login
  let moonkey: MoonKeyServer
  let server: Server
  let entryPoints: Record<string, EntryPoint>

  beforeAll(async () => {
    emulator = await startEmulator({ memory: true, log: () => {} })
    alice = await login(emulator, 'ambiguous@example.com')
    bob = await login(emulator, 'ambiguous-bob@example.com')
    moonkey = createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl: emulator.url, appId: emulator.appId })

    const app = express()
    app.get('/me', expressSession(moonkey), (req, res) => res.json({ userId: req.moonkey!.userId }))
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const port = (server.address() as AddressInfo).port
    const hono = new Hono<{ Variables: MoonKeyVariables }>().get('/me', honoSession(moonkey), (c) => c.json({ userId: c.get('moonkey').userId }))

    entryPoints = {
      // Node's http keeps only the first of repeated Authorization headers in req.headers.
      express: (authorization, cookie) =>
        new Promise((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/me' }, (res) => {
            let text = ''
            res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
            res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }))
          })
          if (authorization.length > 0) req.setHeader('Authorization', authorization)
          if (cookie !== undefined) req.setHeader('Cookie', cookie)
          req.on('error', reject).end()
        }),
      hono: async (authorization, cookie) => {
        const res = await hono.request('/me', { headers: headerList(authorization, cookie) })
        return { status: res.status, body: await res.json() }
      },
      // A Fetch Request, as in Next.js route handlers, Workers, Deno, Bun.
      request: async (authorization, cookie) => {
        const request = new Request('http://localhost/me', { headers: headerList(authorization, cookie) })
        try {
          return { status: 200, body: { userId: (await moonkey.authenticateRequest(request)).userId } }
        } catch (error) {
          if (!isMoonKeyAuthError(error)) throw error
          const { status, body } = authErrorResponse(error)
          return { status, body }
        }
      },
    }
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    await emulator?.close()
  })

  const each = async (authorization: string[], cookie?: string) => {
    const answers: Record<string, Answer> = {}
    for (const [name, entryPoint] of Object.entries(entryPoints)) answers[name] = await entryPoint(authorization, cookie)
    return answers
  }
  const everywhere = (answer: Answer) => ({ express: answer, hono: answer, request: answer })
  const refused = everywhere({ status: 400, body: { error: 'Ambiguous credentials' } })

  it('one credential is accepted everywhere (token and JWT)', async () => {
    expect(await each([`Bearer ${alice.session_token}`])).toEqual(everywhere({ status: 200, body: { userId: alice.user.id } }))
    expect(await each([`Bearer ${alice.session_jwt}`])).toEqual(everywhere({ status: 200, body: { userId: alice.user.id } }))
  })

  it('two Authorization headers, good then bad, or bad then good, or twice the same: 400 everywhere', async () => {
    const good = `Bearer ${alice.session_jwt}`
    expect(await each([good, 'Bearer session_forged'])).toEqual(refused)
    expect(await each(['Bearer session_forged', good])).toEqual(refused)
    expect(await each([good, good])).toEqual(refused)
    expect(await each([good, `Bearer ${alice.session_token}`])).toEqual(refused)
  })

  it('a Bearer credential next to another scheme in one header: 400 everywhere', async () => {
    expect(await each([`Bearer ${alice.session_jwt}, Basic YTpi`])).toEqual(refused)
    expect(await each([`Basic YTpi`, `Bearer ${alice.session_jwt}`])).toEqual(refused)
  })

  it('no Bearer credential at all is still missing credentials', async () => {
    const missing = everywhere({ status: 401, body: { error: 'Missing authorization header' } })
    expect(await each([])).toEqual(missing)
    expect(await each(['Basic YTpi'])).toEqual(missing)
  })

  describe('session cookies', () => {
    const ok = (login: Login) => everywhere({ status: 200, body: { userId: login.user.id } })
    const jwtCookie = (login: Login) => `moonkey_session=${login.session_jwt}`
    const tokenCookie = (login: Login) => `moonkey_session_token=${login.session_token}`

    it('without an Authorization header, the cookies authenticate everywhere', async () => {
      expect(await each([], `${jwtCookie(alice)}; ${tokenCookie(alice)}`)).toEqual(ok(alice))
      expect(await each([], tokenCookie(bob))).toEqual(ok(bob))
      // A non-Bearer header (basic auth in front of a staging site) leaves the cookies in charge.
      expect(await each(['Basic YTpi'], jwtCookie(alice))).toEqual(ok(alice))
      expect(await each([], 'moonkey_session=garbage')).toEqual(everywhere({ status: 401, body: { error: 'Invalid session' } }))
    })

    it('a header and cookies of one session are accepted', async () => {
      expect(await each([`Bearer ${alice.session_token}`], `${jwtCookie(alice)}; ${tokenCookie(alice)}`)).toEqual(ok(alice))
      expect(await each([`Bearer ${alice.session_jwt}`], tokenCookie(alice))).toEqual(ok(alice))
      // A cookie that names no session at all does not make the header ambiguous.
      expect(await each([`Bearer ${alice.session_jwt}`], 'moonkey_session=garbage')).toEqual(ok(alice))
    })

    it('a header and cookies of different sessions: 400 everywhere', async () => {
      expect(await each([`Bearer ${alice.session_jwt}`], jwtCookie(bob))).toEqual(refused)
      expect(await each([`Bearer ${alice.session_token}`], jwtCookie(bob))).toEqual(refused)
      expect(await each([`Bearer ${alice.session_token}`], tokenCookie(bob))).toEqual(refused)
      // Only a token cookie next to a JWT header: the API tells whose it is.
      expect(await each([`Bearer ${alice.session_jwt}`], tokenCookie(bob))).toEqual(refused)
      expect(await each([`Bearer ${alice.session_jwt}`], 'moonkey_session_token=session_unknown')).toEqual(refused)
    })
  })
})
