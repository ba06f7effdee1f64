import { createEmulator } from './src/index.ts'
const e = createEmulator({ log: () => {}, rateLimit: { sendsPerWindow: 1e9 } })
const h = { Authorization: `Bearer ${e.secretKey}`, 'Content-Type': 'application/json' }
const sent = await (await e.app.request('/v1/auth/otps/email/login_or_create', { method: 'POST', headers: h, body: JSON.stringify({ email: 'a@b.co' }) })).json() as any
const login = await (await e.app.request('/v1/auth/otps/verify', { method: 'POST', headers: h, body: JSON.stringify({ method_id: sent.email_id, otp: e.latestCode('a@b.co') }) })).json() as any
for (const [name, body] of [['token', { session_token: login.session_token }], ['jwt', { session_jwt: login.session_jwt }]] as const) {
  const s = JSON.stringify(body)
  const N = 8000
  const t = performance.now()
  for (let i = 0; i < N; i++) { const r = await e.app.request('/v1/auth/sessions/verify', { method: 'POST', headers: h, body: s }); await r.text() }
  console.log(name, 'in-process req/s', Math.round(N / ((performance.now() - t) / 1000)))
}
const t = performance.now()
for (let i = 0; i < 2000; i++) { const r = await e.app.request('/v1/auth/jwks/app_test_emulator'); await r.text() }
console.log('jwks in-process req/s', Math.round(2000 / ((performance.now() - t) / 1000)))
