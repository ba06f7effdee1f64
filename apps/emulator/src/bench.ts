// `pnpm bench:emulator`: load-tests an in-memory emulator on loopback with autocannon.
// The emulator runs in its own process (the real bin), so the load generator does not
// share its event loop. Each case runs 1 s of warm-up plus a bounded measured time
// (BENCH_SECONDS, default 5); the bench stops the emulator and exits by itself.
import { spawn } from 'node:child_process'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const BIN = fileURLToPath(new URL('../bin/source.js', import.meta.url))
const SECRET = 'sk_test_emulator'
const PUBLISHABLE = 'pk_test_emulator'

const child = spawn(process.execPath, [BIN, '--memory', '--quiet', '--port', '0', '--sends-per-window', '1000000000'], {
  stdio: ['ignore', 'pipe', 'inherit'],
})
const childExit = new Promise((resolve) => child.once('exit', resolve))
const stopChild = () => child.kill('SIGTERM')
process.on('exit', stopChild)

const url = await new Promise<string>((resolve, reject) => {
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk
    const match = /running at (http:\/\/\S+)/.exec(out)
    if (match) resolve(match[1]!)
  })
  child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)))
})

const post = (path: string, key: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }).then((res) => res.json())

const sent = await post('/v1/auth/otps/email/login_or_create', PUBLISHABLE, { email: 'bench@example.com' })
const mail = await fetch(`${url}/emulator/v1/mailbox?email=bench@example.com`).then((res) => res.json())
const login = await post('/v1/auth/otps/verify', PUBLISHABLE, { method_id: sent.email_id, otp: mail.messages.at(-1).code })

const headers = (key: string) => ({ Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' })
let n = 0
const cases = [
  {
    name: 'POST /v1/auth/sessions/verify (session_token)',
    requests: [{ method: 'POST', path: '/v1/auth/sessions/verify', headers: headers(SECRET), body: JSON.stringify({ session_token: login.session_token }) }],
  },
  {
    name: 'POST /v1/auth/sessions/verify (session_jwt)',
    requests: [{ method: 'POST', path: '/v1/auth/sessions/verify', headers: headers(SECRET), body: JSON.stringify({ session_jwt: login.session_jwt }) }],
  },
  {
    name: 'POST /v1/auth/otps/email/login_or_create (1,000 emails)',
    requests: [
      {
        method: 'POST',
        path: '/v1/auth/otps/email/login_or_create',
        headers: headers(PUBLISHABLE),
        setupRequest: (req: object) => ({ ...req, body: JSON.stringify({ email: `user${n++ % 1000}@bench.example.com` }) }),
      },
    ],
  },
]

console.log(`MoonKey emulator bench: ${cpus().length} cores, ${CONNECTIONS} connections, ${SECONDS} s per case, ${new Date().toISOString()}`)
console.log('| case | req/s (avg) | p50 ms | p99 ms | non-2xx | errors |')
console.log('|---|---:|---:|---:|---:|---:|')
let failed = false
for (const { name, requests } of cases) {
  await autocannon({ url, connections: CONNECTIONS, duration: 1, requests }) // JIT warm-up, not recorded
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests })
  failed ||= result.non2xx > 0 || result.errors > 0
  console.log(
    `| ${name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx} | ${result.errors} |`,
  )
}
stopChild()
await childExit
process.exit(failed ? 1 : 0)
