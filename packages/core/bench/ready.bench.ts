/**
 * `pnpm bench:ready` (run by `pnpm bench:core`): how long a logged-in page
 * takes, after a reload in real Chromium, from `createMoonKey()` until
 * `$state.ready`, next to its floor: a bare `indexedDB.open()` + `get()` of
 * the same record, made by the page at the same point. Pages alternate
 * between the two (one measure per page load, so neither warms the other);
 * medians over the rounds.
 */
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { launchChromium } from '../../../apps/playground/e2e/browser.ts'

const RELOADS = Number(process.env.RELOADS ?? 30)
const KEY = 'pk_bench_ready'

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
  const visit = async (mode: string): Promise<{ ms: number; found: boolean }> => {
    await tab.goto(`${origin}/?${mode}`)
    const result = await tab.waitForFunction(() => (window as { result?: unknown }).result)
    return (await result.jsonValue()) as { ms: number; found: boolean }
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
  console.log(line('right after importing the core', ''))
  console.log(line('one frame later', '-later'))
  console.log(`(${RELOADS} reloads of each of ${modes.length} pages, in alternating order; medians)`)
} finally {
  await browser.close()
  server.close()
}
