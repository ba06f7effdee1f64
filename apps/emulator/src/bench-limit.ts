// The limit `pnpm bench:emulator` compares the emulator with: a bare Hono JSON app on
// @hono/node-server (the emulator's own stack), answering the same request with
// a parsed JSON body and a small JSON answer, and nothing else. Run as a child
// process by bench.ts; prints its URL like the emulator bin.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
app.post('/v1/auth/sessions/verify', async (c) => {
  const body = (await c.req.json()) as Record<string, unknown>
  return c.json({ ok: true, fields: Object.keys(body).length })
})

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`bare Hono running at http://127.0.0.1:${info.port}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
