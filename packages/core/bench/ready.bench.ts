/**
 * `pnpm bench:ready` (run by `pnpm bench:core`): how long a logged-in page
 * takes, after a reload in real Chromium, from `createMoonKey()` until
 * `$state.ready`, next to its floor: a bare `indexedDB.open()` + `get()` of
 * the same record, made by the page at the same point. Pages alternate
 * between the two (one measure per page load, so neither warms the other);
 * medians over the rounds.
 *
 * Then issue 12's hot path where users meet it: in one page, a client logged
 * in by email (memory storage, an in-page fake API) times `getSessionTokens()`
 * on its fresh JWT against the limit, `await Promise.resolve(x)`, as
 * `core.bench.ts` does in Node (alternating rounds, ratio = median of the
 * per-round ratios), with the cost of one `Date.now()` and of the least a
 * per-call wall-clock check can do in the same rounds. `RELOADS=0` runs only
 * this part.
 */
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { launchChromium } from '../../../apps/playground/e2e/browser.ts'

const RELOADS = Number(process.env.RELOADS ?? 30)
const KEY = 'pk_bench_ready'
// The hot path: as core.bench.ts in Node, 15 alternating rounds of 200,000 calls.
const HOT_CALLS = Number(process.env.HOT_CALLS ?? 200_000)
const HOT_ROUNDS = Number(process.env.HOT_ROUNDS ?? 15)

// The core as an app would load it: one ES module, minified. `bare` is the
// same without the IndexedDB warm-up at module load (the floor's pages and
// the "without" figure load it, so every page loads the same bytes).
const WARM_UP = /^if \(typeof document === 'object'\) globalThis\.indexedDB\?\.databases.*$/m
const bundle = async (warmUp: boolean): Promise<string> => {
  const result = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    outdir: '/',
    plugins: [
      {
        name: 'without-warm-up',
        setup(b) {
          b.onLoad({ filter: /storage\.ts$/ }, async (args) => {
            const source = await readFile(args.path, 'utf8')
            if (!WARM_UP.test(source)) throw new Error('the warm-up line of storage.ts moved: update this bench')
            return { contents: warmUp ? source : source.replace(WARM_UP, ''), loader: 'ts' }
          })
        },
      },
    ],
  })
  return result.outputFiles.find((f) => f.path.endsWith('index.js'))!.text
}
const core = { '/core.js': await bundle(true), '/core-bare.js': await bundle(false) }

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
const now = Math.floor(Date.now() / 1000)
// A JWT an hour long: fresh for the whole run, so `ready` needs no request.
const jwt = `${b64({ alg: 'none' })}.${b64({ sub: 'user_1', jti: 'sess_1', iat: now, exp: now + 3600 })}.`
const record = {
  token: `session_${'x'.repeat(64)}`,
  jwt,
  iat: now,
  exp: now + 3600,
  offset: 0,
  user: { id: 'user_1', email: 'ada@example.com', emails: [], wallet: null, wallets: [], status: 'active', createdAt: 0, updatedAt: 0, metadata: {} },
  session: { id: 'sess_1', userId: 'user_1', startedAt: now, expiresAt: now + 7 * 86_400 },
}

// `?seed` stores the session as the client does. Every other page imports a
// core bundle, then times from one point to the session read: `client`
// creates a client and waits for `ready`; `client-bare` the same on the
// bundle without the warm-up (the figure before it); `floor` makes a bare
// IndexedDB open + get instead. Their `-later` twins start one frame later,
// as an app that creates its client after a first render.
const page = `<!doctype html><meta charset="utf-8"><script type="module">
const mode = location.search.slice(1)
const never = () => new Promise(() => {})
const later = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))
const open = (upgrade) => new Promise((resolve, reject) => {
  const r = indexedDB.open('moonkey-${KEY}')
  if (upgrade) r.onupgradeneeded = () => r.result.createObjectStore('kv')
  r.onsuccess = () => resolve(r.result)
  r.onerror = () => reject(r.error)
})
if (mode === 'seed') {
  const db = await open(true)
  await new Promise((resolve) => {
    const t = db.transaction('kv', 'readwrite')
    t.objectStore('kv').put(${JSON.stringify(record)}, 'session')
    t.oncomplete = resolve
  })
  db.close()
  window.result = { ms: 0, found: true }
} else if (mode.startsWith('floor')) {
  await import('/core-bare.js')
  if (mode.endsWith('-later')) await later()
  const t0 = performance.now()
  const db = await open()
  const value = await new Promise((resolve, reject) => {
    const g = db.transaction('kv', 'readonly').objectStore('kv').get('session')
    g.onsuccess = () => resolve(g.result)
    g.onerror = () => reject(g.error)
  })
  const t1 = performance.now()
  window.result = { ms: t1 - t0, found: !!value }
} else if (mode === 'hot') {
  // The hot path, as core.bench.ts measures it in Node: a client logged in by
  // email (memory storage, a fake API behind \`fetch\`), then its
  // getSessionTokens() loop, the limit's loop, a Date.now() loop and two
  // floors of a fast path (below) in alternating rounds.
  const { createMoonKey } = await import('/core.js')
  const b64 = (value) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/[+]/g, '-').replace(/[/]/g, '_')
  let requests = 0
  const json = (value, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } })
  const fetch = async (input, init) => {
    requests++
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname
    const iat = Math.floor(Date.now() / 1000)
    if (path === '/v1/auth/otps/email/login_or_create') return json({ user_id: 'user_1', user_created: false, status: 'active', email_id: 'email_1' })
    if (path === '/v1/auth/otps/verify') return json({
      method_id: 'email_1', method_type: 'email', user_id: 'user_1',
      session_token: ${JSON.stringify(record.token)},
      session_jwt: b64({ alg: 'none' }) + '.' + b64({ sub: 'user_1', jti: 'sess_1', iat, exp: iat + 300 }) + '.',
      session: { id: 'sess_1', user_id: 'user_1', started_at: iat, expires_at: iat + 7 * 86400, last_active_at: iat, factors: [] },
      user: ${JSON.stringify({ id: 'user_1', user_id: 'user_1', email: 'ada@example.com', emails: [{ id: 'email_1', email: 'ada@example.com', verified: true }], status: 'active', metadata: {}, created_at: 1_700_000_000, updated_at: 1_700_000_000 })},
    })
    return json({ status_code: 404, error_type: 'not_found', error_message: 'not found', request_id: 'req_1' }, 404)
  }
  const client = createMoonKey({ publishableKey: '${KEY}_hot', storage: 'memory', fetch, apiUrl: 'http://api.test' })
  await client.whenReady()
  await client.sendCode({ email: 'ada@example.com' })
  await client.loginWithCode({ code: '123456' })
  const loginRequests = requests
  const calls = ${HOT_CALLS}
  let sink = 0
  const loops = {
    ours: async () => { for (let i = 0; i < calls; i++) await client.getSessionTokens() },
    limit: async () => { for (let i = 0; i < calls; i++) await Promise.resolve(i) },
    now: async () => { let s = 0; for (let i = 0; i < calls; i++) s += Date.now(); sink += s },
    // The least a fast path that reads the wall clock on each call can do:
    // one Date.now() against a deadline, then await a settled promise.
    checked: async () => { for (let i = 0; i < calls; i++) await (Date.now() < until ? settled : null) },
    // The same without a clock read: a flag that a timer would clear.
    flagged: async () => { for (let i = 0; i < calls; i++) await (fresh ? settled : null) },
  }
  // Both change later, as the client's would (so neither is a constant to V8).
  let fresh = true
  let until = Date.now() + 3_600_000
  const stop = setTimeout(() => ((fresh = false), (until = 0)), 3_600_000)
  const settled = Promise.resolve({ sessionToken: 'token', sessionJwt: 'jwt' })
  const time = async (loop) => {
    const t0 = performance.now()
    await loop()
    return performance.now() - t0
  }
  const ms = { ours: [], limit: [], now: [], checked: [], flagged: [] }
  for (const name in loops) await time(loops[name]) // warm up
  for (let round = 0; round < ${HOT_ROUNDS}; round++) {
    // Alternate the order, so none always runs first.
    for (const name of round % 2 ? ['flagged', 'checked', 'now', 'ours', 'limit'] : ['limit', 'ours', 'now', 'checked', 'flagged']) ms[name].push(await time(loops[name]))
  }
  const tokens = await client.getSessionTokens()
  client.destroy()
  clearTimeout(stop)
  window.result = { calls, ms, found: !!tokens?.sessionJwt, loginRequests, requests: requests - loginRequests, sink }
} else {
  const { createMoonKey } = await import(mode.startsWith('client-bare') ? '/core-bare.js' : '/core.js')
  if (mode.endsWith('-later')) await later()
  const t0 = performance.now()
  const client = createMoonKey({ publishableKey: '${KEY}', fetch: never })
  const state = await client.whenReady()
  const t1 = performance.now()
  window.result = { ms: t1 - t0, found: state.isAuthenticated }
}
</script>`

const server = createServer((req, res) => {
  const js = core[req.url as keyof typeof core]
  res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html', 'cache-control': 'no-store' })
  res.end(js ?? page)
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}
const fmt = (n: number, digits = 1): string => n.toFixed(digits)

const browser = await launchChromium()
try {
  const tab = await browser.newPage()
  const visit = async <T = { ms: number; found: boolean }>(mode: string): Promise<T> => {
    await tab.goto(`${origin}/?${mode}`)
    const result = await tab.waitForFunction(() => (window as { result?: unknown }).result, undefined, { timeout: 120_000 })
    return (await result.jsonValue()) as T
  }
  await visit('seed')
  const modes = ['client', 'client-bare', 'floor', 'client-later', 'client-bare-later', 'floor-later']
  const ms: Record<string, number[]> = {}
  for (const mode of modes) await visit(mode) // warm up
  for (let round = 0; round < RELOADS; round++) {
    // A different order each round, so none always follows the same page.
    for (const mode of round % 2 ? [...modes].reverse() : modes) {
      const result = await visit(mode)
      if (!result.found) throw new Error(`${mode}: the stored session was not found`)
      ;(ms[mode] ??= []).push(result.ms)
    }
  }
  const line = (label: string, suffix: string): string => {
    const [ours, before, floor] = ['client', 'client-bare', 'floor'].map((m) => ms[m + suffix]!)
    const m = median(ours!)
    const ratio = median(ours!.map((v, i) => v / floor![i]!))
    return (
      `Ready after reload (Chromium, logged in), client created ${label}: median ${fmt(m)} ms from createMoonKey() to ready ` +
      `(aim < 5 ms${m < 5 ? ', met' : ', NOT met'}; ${fmt(median(before!))} ms without the warm-up at module load); ` +
      `floor, a bare IndexedDB open + get at that point: ${fmt(median(floor!))} ms; ratio ${fmt(ratio, 2)} of the floor`
    )
  }
  if (RELOADS > 0) {
    console.log(line('right after importing the core', ''))
    console.log(line('one frame later', '-later'))
    console.log(`(${RELOADS} reloads of each of ${modes.length} pages, in alternating order; medians)`)
  }

  // The hot path in one page: milliseconds per loop of `calls`, each round.
  type Loops = Record<'ours' | 'limit' | 'now' | 'checked' | 'flagged', number[]>
  const hot = await visit<{ calls: number; ms: Loops; found: boolean; loginRequests: number; requests: number }>('hot')
  if (!hot.found || hot.loginRequests !== 2) throw new Error(`hot: the email login failed (${hot.loginRequests} requests)`)
  const { calls, ms: loops } = hot
  const rate = (values: number[]): string => fmt(median(values.map((v) => calls / v / 1000)), 2) // M/s
  const ratio = median(loops.ours.map((v, i) => loops.limit[i]! / v))
  const ns = (values: number[]): number => median(values.map((v) => (v * 1e6) / calls))
  const share = median(loops.now.map((v, i) => v / loops.limit[i]!))
  const of = (values: number[]): number => median(values.map((v, i) => loops.limit[i]! / v))
  console.log(
    `getSessionTokens() on a fresh JWT, Chromium: ${rate(loops.ours)} M calls/s; limit \`await Promise.resolve(x)\`: ${rate(loops.limit)} M/s; ` +
      `ratio ${fmt(ratio, 2)} (aim ≥ 0.60${ratio >= 0.6 ? ', met' : ', NOT met'}; ${loops.ours.length} alternating rounds of ` +
      `${calls.toLocaleString('en-US')} sequential awaits in one page, ${hot.requests} requests after the login)`,
  )
  console.log(
    `Date.now() in that Chromium: ${fmt(ns(loops.now))} ns a call, ${fmt(share, 2)} of one limit iteration (${fmt(ns(loops.limit))} ns), same rounds. ` +
      `Floors of a fast path that awaits a settled promise: with one Date.now() against a deadline a call, ` +
      `\`await (Date.now() < deadline ? settled : …)\`, ${rate(loops.checked)} M/s, ${fmt(of(loops.checked), 2)} of the limit ` +
      `(the hot path is ${fmt(median(loops.ours.map((v, i) => loops.checked[i]! / v)), 2)} of that); ` +
      `with no clock read, \`await (fresh ? settled : …)\`, ${rate(loops.flagged)} M/s, ${fmt(of(loops.flagged), 2)} of the limit`,
  )
  console.log(`${await browser.version()}, ${cpus().length} CPUs, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')}`)
} finally {
  await browser.close()
  server.close()
}
