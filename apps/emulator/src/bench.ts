// `pnpm bench:emulator`: load-tests an in-memory emulator on loopback with autocannon,
// next to its limit measured the same way in the same run: a bare Hono JSON app on
// @hono/node-server (bench-limit.ts). Each runs in its own process (the emulator as
// the real bin), so the load generator does not share their event loop. For each
// case, 1 s slices of the case and of the limit alternate (BENCH_PAIRS pairs,
// default 8), so both see the same machine load; the medians and the median of
// the per-pair ratios are printed with the aim of issue 12. The bench stops both
// servers and exits by itself; it exits 1 on any non-2xx answer or error, not on a
// missed aim (the machine's load moves the figures; the ratio is the stable part).
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import autocannon, { type Request as LoadRequest, type Result } from 'autocannon'

const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 1)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 8)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)
const BIN = fileURLToPath(new URL('../bin/source.js', import.meta.url))
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

/**
 * CPU seconds a process has used (Linux /proc; undefined elsewhere). CPU per answered
 * request moves far less with the machine's load than requests per second do.
 */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in USER_HZ (100)
  } catch {
    return undefined
  }
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
  pid: number
  requests: LoadRequest[]
  /** Aim as a ratio to the limit (issue 12), if any. */
  aim?: number
}
const [emulatorPid, limitPid] = children.map((child) => child.pid!) as [number, number]
const limit: Case = { name: 'limit: bare Hono JSON app, same request as the token case', url: limitUrl, pid: limitPid, requests: verifyBy({ session_token: login.session_token }) }
const cases: Case[] = [
  { name: 'POST /v1/auth/sessions/verify (session_token)', url, pid: emulatorPid, requests: verifyBy({ session_token: login.session_token }), aim: 0.5 },
  { name: 'POST /v1/auth/sessions/verify (session_jwt)', url, pid: emulatorPid, requests: verifyBy({ session_jwt: login.session_jwt }), aim: 0.35 },
  {
    name: 'POST /v1/auth/otps/email/login_or_create (1,000 emails)',
    url,
    pid: emulatorPid,
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const fmt = (value: number) => Math.round(value).toLocaleString('en-US')
/** One slice of load: autocannon's result and the server's CPU µs per answered request. */
async function load(c: Case, duration: number) {
  const cpuBefore = cpuSeconds(c.pid)
  const result = await autocannon({ url: c.url, connections: CONNECTIONS, duration, requests: c.requests })
  const cpuAfter = cpuSeconds(c.pid)
  const cpuPerRequest = cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : ((cpuAfter - cpuBefore) * 1e6) / result.requests.total
  return { result, cpuPerRequest }
}

console.log(
  `MoonKey emulator bench: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}, ${CONNECTIONS} connections, ` +
    `${PAIRS} alternating pairs of ${SLICE_SECONDS} s slices per case (medians), Node ${process.version}, ${new Date().toISOString()}`,
)
console.log('| case | req/s | limit req/s | ratio | aim | server CPU µs/req | limit CPU µs/req | CPU ratio | p50 ms | p99 ms | non-2xx | errors |')
console.log('|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|')
let failed = false
await load(limit, 1) // JIT warm-up, not recorded
for (const c of cases) {
  await load(c, 1) // JIT warm-up, not recorded
  const ours: Array<Awaited<ReturnType<typeof load>>> = []
  const limits: typeof ours = []
  for (let pair = 0; pair < PAIRS; pair++) {
    if (pair % 2) limits.push(await load(limit, SLICE_SECONDS))
    ours.push(await load(c, SLICE_SECONDS))
    if (!(pair % 2)) limits.push(await load(limit, SLICE_SECONDS))
  }
  for (const { result } of [...ours, ...limits]) failed ||= result.non2xx > 0 || result.errors > 0
  const rate = (slice: (typeof ours)[number]) => slice.result.requests.average
  const ratio = median(ours.map((slice, i) => rate(slice) / rate(limits[i]!)))
  const cpuRatio = median(ours.map((slice, i) => limits[i]!.cpuPerRequest / slice.cpuPerRequest))
  const aim = c.aim === undefined ? '' : `≥ ${c.aim} ${ratio >= c.aim ? 'met' : '**not met**'}`
  console.log(
    `| ${c.name} | ${fmt(median(ours.map(rate)))} | ${fmt(median(limits.map(rate)))} | ${ratio.toFixed(2)} | ${aim} | ` +
      `${fmt(median(ours.map((s) => s.cpuPerRequest)))} | ${fmt(median(limits.map((s) => s.cpuPerRequest)))} | ${cpuRatio.toFixed(2)} | ` +
      `${median(ours.map((s) => s.result.latency.p50))} | ${median(ours.map((s) => s.result.latency.p99))} | ` +
      `${ours.reduce((sum, s) => sum + s.result.non2xx, 0)} | ${ours.reduce((sum, s) => sum + s.result.errors, 0)} |`,
  )
}
children.forEach((child) => child.kill('SIGTERM'))
process.exit(failed ? 1 : 0)
