/**
 * `pnpm bench:server`: offline session-JWT verifications/s next to their limit,
 * `jose.jwtVerify` with a local key (the same JWT, the same RS256 public key
 * imported once, the same claims checks), and API session-token verifications/s,
 * in one run, on one machine, against one in-memory emulator started here (in
 * this process, so the API figures include the emulator's own work on the same
 * CPU, but no network latency). The JWT figure and its limit run in alternating
 * 100 ms batches for BENCH_SECONDS each, so both see the same machine load; the
 * ratio printed is the median of the per-batch-pair ratios. Last, getAuth() from
 * a valid JWT cookie next to verifySessionJwt, the same way.
 */
import { cpus, loadavg } from 'node:os'
import { importJWK, jwtVerify, type JWK } from 'jose'
import { startEmulator } from '@moon-key/emulator'
import { createMoonKeyServer } from '../src/index.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const BATCH_MS = 100
/** Issue 12: offline verification at 1 in flight, as a ratio to jose.jwtVerify with a local key. */
const AIM = 0.9

async function post(url: string, key: string, body: unknown): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${url}: ${res.status}`)
  return res.json()
}

/** Runs `task` with `concurrency` loops for `SECONDS`; answers completed tasks per second. */
async function measure(concurrency: number, task: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await task() // warm-up
  let done = 0
  const start = performance.now()
  const end = start + SECONDS * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await task()
        done++
      }
    }),
  )
  return done / ((performance.now() - start) / 1000)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Runs `ours` and `limit` in alternating batches of BATCH_MS with `concurrency`
 * loops each, for SECONDS each in all: answers both rates (tasks/s over all their
 * batches) and the median ratio of each pair of neighbouring batches.
 */
async function compare(concurrency: number, ours: () => Promise<unknown>, limit: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await Promise.all([ours(), limit()]) // warm-up
  const batch = async (task: () => Promise<unknown>) => {
    let done = 0
    const start = performance.now()
    const end = start + BATCH_MS
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          await task()
          done++
        }
      }),
    )
    return { done, ms: performance.now() - start }
  }
  const total = { ours: { done: 0, ms: 0 }, limit: { done: 0, ms: 0 } }
  const ratios: number[] = []
  for (let i = 0; i < (SECONDS * 1000) / BATCH_MS; i++) {
    const [a, b] = i % 2 ? [await batch(limit), await batch(ours)].reverse() : [await batch(ours), await batch(limit)]
    total.ours.done += a!.done
    total.ours.ms += a!.ms
    total.limit.done += b!.done
    total.limit.ms += b!.ms
    ratios.push(a!.done / a!.ms / (b!.done / b!.ms))
  }
  return {
    ours: (total.ours.done / total.ours.ms) * 1000,
    limit: (total.limit.done / total.limit.ms) * 1000,
    ratio: median(ratios),
  }
}

const emulator = await startEmulator({ memory: true, log: () => {} })
try {
  const email = 'bench@example.com'
  const { email_id } = await post(`${emulator.url}/v1/auth/otps/email/login_or_create`, emulator.publishableKey, { email })
  const login = await post(`${emulator.url}/v1/auth/otps/verify`, emulator.publishableKey, {
    method_id: email_id,
    otp: emulator.latestCode(email),
  })
  const moonkey = createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl: emulator.url, appId: emulator.appId })

  const { keys } = await (await fetch(`${emulator.url}/v1/auth/jwks/${emulator.appId}`)).json()
  const localKey = await importJWK(keys[0] as JWK, 'RS256')
  const joseOptions = {
    algorithms: ['RS256'],
    issuer: emulator.issuer,
    audience: emulator.appId,
    clockTolerance: 5,
    requiredClaims: ['iss', 'aud', 'sub', 'jti', 'iat', 'exp'],
  }

  const rows: Array<{ label: string; jose: number; jwt: number; ratio: number; token: number }> = []
  for (const concurrency of [1, 32]) {
    const jwt = await compare(
      concurrency,
      () => moonkey.verifySessionJwt(login.session_jwt),
      () => jwtVerify(login.session_jwt, localKey, joseOptions),
    )
    const token = await measure(concurrency, () => moonkey.verifySession(login.session_token))
    rows.push({ label: `${concurrency} in flight`, jose: jwt.limit, jwt: jwt.ours, ratio: jwt.ratio, token })
  }

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
  console.log(
    `@moon-key/server: ${SECONDS} s per figure (JWT and its limit in alternating ${BATCH_MS} ms batches), ${cpus().length} CPUs, ` +
      `load average ${loadavg()[0]!.toFixed(1)}, Node ${process.version}`,
  )
  console.log('')
  console.log('| concurrency | limit: jose.jwtVerify, local key /s | verifySessionJwt (offline) /s | ratio to the limit | aim | verifySession (API) /s | JWT ÷ API |')
  console.log('|---|---:|---:|---:|---|---:|---:|')
  for (const { label, jose, jwt, ratio, token } of rows) {
    const aim = label.startsWith('1 ') ? `≥ ${AIM} ${ratio >= AIM ? 'met' : '**not met**'}` : ''
    console.log(`| ${label} | ${fmt(jose)} | ${fmt(jwt)} | ${ratio.toFixed(2)} | ${aim} | ${fmt(token)} | ${(jwt / token).toFixed(1)}× |`)
  }

  // getAuth() with a valid JWT cookie: the offline path plus reading the Cookie header.
  const cookieRequest = new Request('http://localhost/', {
    headers: { cookie: `theme=dark; moonkey_session=${login.session_jwt}; moonkey_session_token=${login.session_token}` },
  })
  const cookie = await compare(
    1,
    () => moonkey.getAuth(cookieRequest, { user: false }),
    () => moonkey.verifySessionJwt(login.session_jwt),
  )
  console.log('')
  console.log('| 1 in flight | verifySessionJwt /s | getAuth (JWT cookie, `{ user: false }`) /s | ratio |')
  console.log('|---|---:|---:|---:|')
  console.log(`| | ${fmt(cookie.limit)} | ${fmt(cookie.ours)} | ${cookie.ratio.toFixed(2)} |`)
} finally {
  await emulator.close()
}
