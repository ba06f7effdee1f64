import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { authErrorResponse, createMoonKeyServer, isMoonKeyAuthError } from '@moon-key/server'

export interface BackendOptions {
  /** MoonKey API base URL (the emulator in development). */
  apiUrl: string
  /** The app's secret key: it never leaves this backend. */
  secretKey: string
}

/**
 * The playground's backend: one protected route, the docs' Next.js route
 * rewritten with `@moon-key/server`. A session token is checked with the API
 * (revocation seen at once); a session JWT offline with the JWKS.
 *
 * @example
 * const app = createBackend({ apiUrl: 'http://127.0.0.1:8787', secretKey: 'sk_test_emulator' })
 * await app.request('/api/protected', { headers: { Authorization: `Bearer ${sessionToken}` } })
 */
export function createBackend({ apiUrl, secretKey }: BackendOptions): Hono {
  const moonkey = createMoonKeyServer({ apiUrl, secretKey })
  const app = new Hono()

  app.on(['GET', 'POST'], '/api/protected', async (c) => {
    try {
      const { userId, via } = await moonkey.authenticateRequest(c.req.raw)
      return c.json({ message: 'Success', userId, via })
    } catch (error) {
      if (!isMoonKeyAuthError(error)) throw error
      const { status, body, headers } = authErrorResponse(error)
      return c.json(body, status as ContentfulStatusCode, headers)
    }
  })

  return app
}
