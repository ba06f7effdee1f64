// `pnpm bench:emulator`: load-tests an in-memory emulator on loopback with autocannon,
// next to its limit measured the same way in the same run: a bare Hono JSON app on
// @hono/node-server (bench-limit.ts). Each runs in its own process (the emulator as
// the real bin), so the load generator does not share their event loop. Rounds are
// interleaved (limit, then each case), each 1 s of warm-up plus BENCH_SECONDS
// (default 5) measured; the medians over BENCH_ROUNDS (default 3) are printed with
// the ratio to the limit and the aim of issue 12. The bench stops both servers and
// exits by itself; it exits 1 on any non-2xx answer or error, not on a missed aim
// (the machine's load moves the figures, the ratio is the stable part).
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import autocannon, { type Request as LoadRequest, type Result } from 'autocannon'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const BIN = fileURLToPath(new URL('../bin/moonkey-emulator.js', import.meta.url))
const LIMIT = fileURLToPath(new URL('./bench-limit.ts', import.meta.url))
const SECRET = 'sk_test_emulator'
const PUBLISHABLE = 'pk_test_emulator'

const children: Array<ChildProcessByStdio<null, Readable, null>> = []
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')))

/** Starts a server process and answers the URL it prints. */
function startChild(args: string[]): Promise<string> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  return new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk
      const match = /running at (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${code}`)))
  })
}

const [url, limitUrl] = await Promise.all([
  startChild([BIN, '--memory', '--quiet', '--port', '0', '--sends-per-window', '1000000000']),
  startChild(['--import', 'tsx', LIMIT]),
])

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
const verifyBy = (body: object) => [
  { method: 'POST', path: '/v1/auth/sessions/verify', headers: headers(SECRET), body: JSON.stringify(body) },
]
let n = 0

interface Case {
  name: string
  url: string
  requests: LoadRequest[]
  /** Aim as a ratio to the limit (issue 12), if any. */
  aim?: number
}
const limit: Case = { name: 'limit: bare Hono JSON app, same request', url: limitUrl, requests: verifyBy({ session_token: login.session_token }) }
const cases: Case[] = [
  { name: 'POST /v1/auth/sessions/verify (session_token)', url, requests: verifyBy({ session_token: login.session_token }), aim: 0.5 },
  { name: 'POST /v1/auth/sessions/verify (session_jwt)', url, requests: verifyBy({ session_jwt: login.session_jwt }), aim: 0.35 },
  {
    name: 'POST /v1/auth/otps/email/login_or_create (1,000 emails)',
    url,
    requests: [
      {
        method: 'POST',
        path: '/v1/auth/otps/email/login_or_create',
        headers: headers(PUBLISHABLE),
        setupRequest: (req: LoadRequest) => ({ ...req, body: JSON.stringify({ email: `user${n++ % 1000}@bench.example.com` }) }),
      },
    ],
  },
]

const runs = new Map<Case, Result[]>([limit, ...cases].map((c) => [c, []]))
let failed = false
for (let round = 0; round < ROUNDS; round++) {
  for (const c of [limit, ...cases]) {
    await autocannon({ url: c.url, connections: CONNECTIONS, duration: 1, requests: c.requests }) // JIT warm-up, not recorded
    const result = await autocannon({ url: c.url, connections: CONNECTIONS, duration: SECONDS, requests: c.requests })
    failed ||= result.non2xx > 0 || result.errors > 0
    runs.get(c)!.push(result)
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const fmt = (value: number) => Math.round(value).toLocaleString('en-US')
const limitRate = median(runs.get(limit)!.map((r) => r.requests.average))

console.log(
  `MoonKey emulator bench: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}, ${CONNECTIONS} connections, ` +
    `${ROUNDS} interleaved rounds of ${SECONDS} s per case (medians), Node ${process.version}, ${new Date().toISOString()}`,
)
console.log('| case | req/s | limit req/s | ratio | aim | p50 ms | p99 ms | non-2xx | errors |')
console.log('|---|---:|---:|---:|---|---:|---:|---:|---:|')
for (const c of [limit, ...cases]) {
  const results = runs.get(c)!
  const rate = median(results.map((r) => r.requests.average))
  const ratio = rate / limitRate
  const aim = c.aim === undefined ? '' : `≥ ${c.aim} ${ratio >= c.aim ? 'met' : '**not met**'}`
  console.log(
    `| ${c.name} | ${fmt(rate)} | ${fmt(limitRate)} | ${ratio.toFixed(2)} | ${aim} | ${median(results.map((r) => r.latency.p50))} | ` +
      `${median(results.map((r) => r.latency.p99))} | ${results.reduce((sum, r) => sum + r.non2xx, 0)} | ${results.reduce((sum, r) => sum + r.errors, 0)} |`,
  )
}
children.forEach((child) => child.kill('SIGTERM'))
process.exit(failed ? 1 : 0)
