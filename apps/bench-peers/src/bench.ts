/**
 * `pnpm bench:peers`: MoonKey JS next to Supabase Auth, Firebase Auth and
 * Auth0 SPA in one Node process, offline (happy-dom, fake-indexeddb, fake APIs
 * behind `fetch`), in interleaved rounds: the hot-path token read, the
 * 1,000-call refresh storm, and the eager bundle of each. Prints medians and
 * the ratio of each figure to its limit.
 */
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'

import { apis, clock, closePage } from './env.ts'
import { bundleSize } from './bundle-size.ts'
import { auth0, type Contender, firebase, limit, moonkey, supabase } from './contenders.ts'
import { LIFETIME } from './fake-apis.ts'
import { fmt, median, rotate } from './stats.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9)
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 200)
const STORM = 1000
const STORM_ROUNDS = Number(process.env.BENCH_STORM_ROUNDS ?? 15)
/** Storm rounds run first and not counted: the first refreshes compile and load code. */
const STORM_WARMUP = 3

const sdks: Contender[] = []
for (const make of [moonkey, supabase, firebase, auth0]) sdks.push(await make())
const all = [...sdks, limit()]

/** Sequential awaited calls for `ms`: calls per second. */
const slice = async (contender: Contender, ms: number): Promise<number> => {
  let calls = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 1000; i++) await contender.token()
    calls += 1000
    now = performance.now()
  }
  if (!(await contender.token())) throw new Error(`${contender.name}: no token`)
  return calls / ((now - start) / 1000)
}

// 1. Hot path on a fresh token: interleaved slices, ratio to the limit per round.
const before = all.map((c) => c.refreshes())
for (const contender of all) await slice(contender, SLICE_MS) // warm up
const rates = new Map<Contender, number[]>(all.map((c) => [c, []]))
const ratios = new Map<Contender, number[]>(all.map((c) => [c, []]))
for (let round = 0; round < ROUNDS; round++) {
  const got = new Map<Contender, number>()
  for (const contender of rotate(all, round)) got.set(contender, await slice(contender, SLICE_MS))
  for (const contender of all) {
    rates.get(contender)!.push(got.get(contender)!)
    ratios.get(contender)!.push(got.get(contender)! / got.get(all.at(-1)!)!)
  }
}
all.forEach((c, i) => {
  if (c.refreshes() !== before[i]) throw new Error(`${c.name} made requests on a fresh token`)
})

// 2. The refresh storm: the clock jumps past every token's expiry, then 1,000
// concurrent calls per SDK; requests to its refresh endpoint and ms until all resolve.
const storms = new Map<Contender, { requests: number[]; ms: number[] }>(sdks.map((c) => [c, { requests: [], ms: [] }]))
for (let round = -STORM_WARMUP; round < STORM_ROUNDS; round++) {
  clock.advance(2 * LIFETIME * 1000)
  for (const sdk of rotate(sdks, round + STORM_WARMUP)) {
    const count = sdk.refreshes()
    const start = performance.now()
    const tokens = await Promise.all(Array.from({ length: STORM }, () => sdk.token()))
    const ms = performance.now() - start
    if (tokens.some((t) => !t)) throw new Error(`${sdk.name}: a storm call got no token`)
    const requests = sdk.refreshes() - count
    if (!requests) throw new Error(`${sdk.name}: the storm sent no refresh (the clock did not expire its token)`)
    if (round < 0) continue
    storms.get(sdk)!.requests.push(requests)
    storms.get(sdk)!.ms.push(ms)
  }
}

// 3. Eager bundle sizes, one esbuild command for all.
const bundles = new Map<string, { eager: number; lazy: number }>()
for (const name of ['moonkey', 'supabase', 'firebase', 'auth0', 'limit']) bundles.set(name, await bundleSize(name))

if (apis.unexpected.length) throw new Error(`unexpected requests: ${apis.unexpected.join(', ')}`)

// The tables.
const limitRate = median(rates.get(all.at(-1)!)!)
const hot = all.map((c) =>
  `| ${c.name === 'limit' ? '**limit**' : c.name} | ${c.call} | ${fmt(median(rates.get(c)!))} | ${c.name === 'limit' ? '1' : fmt(median(ratios.get(c)!), 2)} |`)
const ours = storms.get(sdks[0]!)!
const storm = sdks.map((c) => {
  const { requests, ms } = storms.get(c)!
  const spread = Math.min(...requests) === Math.max(...requests) ? '' : ` (${Math.min(...requests)}–${Math.max(...requests)})`
  return `| ${c.name} | ${fmt(median(requests))}${spread} | ${fmt(median(ms), 2)} | ${fmt(Math.min(...ms), 2)} | ${fmt(median(ms) / median(ours.ms), 2)} |`
})
const keys = ['moonkey', 'supabase', 'firebase', 'auth0'] as const
const kb = (bytes: number): string => fmt(bytes / 1000, 2)
const limitBytes = bundles.get('limit')!.eager
const size = keys.map((key, i) => {
  const { eager, lazy } = bundles.get(key)!
  return `| ${sdks[i]!.name} | ${kb(eager)} | ${lazy ? kb(lazy) : '–'} | ${fmt(eager / limitBytes, 2)} | ${fmt(eager / bundles.get('moonkey')!.eager, 2)} |`
})

console.log(`
Hot path on a fresh token (sequential awaited calls, ${ROUNDS} interleaved rounds of ${SLICE_MS} ms; median)

| SDK | call | calls/s | ratio to the limit |
|---|---|---:|---:|
${hot.join('\n')}

Refresh storm: ${fmt(STORM)} concurrent calls on an expired token (${STORM_ROUNDS} interleaved rounds after ${STORM_WARMUP} uncounted; median)

| SDK | requests to the refresh endpoint (limit: 1) | ms until all resolve | fastest round ms | × MoonKey JS (median ms) |
|---|---:|---:|---:|---:|
${storm.join('\n')}

Eager bundle (esbuild --bundle --splitting --minify --format=esm, brotli 11, KB = 1,000 B)

| SDK | eager KB | lazy chunks KB | × the limit (${kb(limitBytes)} KB: nanostores + idb-keyval + ky alone) | × MoonKey JS |
|---|---:|---:|---:|---:|
${size.join('\n')}

Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min), ${new Date(performance.timeOrigin).toISOString().slice(0, 16)}Z`)

await closePage()
// Firebase's IndexedDB persistence polls on a timer; nothing else is pending.
process.exit(0)
