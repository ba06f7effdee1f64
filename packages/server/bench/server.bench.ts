/**
 * `pnpm bench:server`: offline session-JWT verifications/s against API
 * session-token verifications/s, in one run, on one machine, against one
 * in-memory emulator started here (in this process, so the API figures include
 * the emulator's own work on the same CPU, but no network latency).
 */
import { cpus } from 'node:os'
import { startEmulator } from '@moon-key/emulator'
import { createMoonKeyServer } from '../src/index.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)

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

const emulator = await startEmulator({ memory: true, log: () => {} })
try {
  const email = 'bench@example.com'
  const { email_id } = await post(`${emulator.url}/v1/auth/otps/email/login_or_create`, emulator.publishableKey, { email })
  const login = await post(`${emulator.url}/v1/auth/otps/verify`, emulator.publishableKey, {
    method_id: email_id,
    otp: emulator.latestCode(email),
  })
  const moonkey = createMoonKeyServer({ secretKey: emulator.secretKey, apiUrl: emulator.url, appId: emulator.appId })

  const rows: Array<[string, number, number]> = []
  for (const concurrency of [1, 32]) {
    const jwt = await measure(concurrency, () => moonkey.verifySessionJwt(login.session_jwt))
    const token = await measure(concurrency, () => moonkey.verifySession(login.session_token))
    rows.push([`${concurrency} in flight`, jwt, token])
  }

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
  console.log(`@moon-key/server: ${SECONDS} s per figure, ${cpus().length} CPUs, Node ${process.version}`)
  console.log('')
  console.log('| concurrency | verifySessionJwt (offline) /s | verifySession (API) /s | ratio |')
  console.log('|---|---:|---:|---:|')
  for (const [label, jwt, token] of rows) {
    console.log(`| ${label} | ${fmt(jwt)} | ${fmt(token)} | ${(jwt / token).toFixed(1)}× |`)
  }
} finally {
  await emulator.close()
}
