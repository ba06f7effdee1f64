/**
 * `pnpm bench:core`: how fast the core hands out tokens, shares a refresh,
 * and hydrates from IndexedDB (fake-indexeddb), in Node with a minimal
 * browser shim and an in-memory fake of the MoonKey API.
 */
import 'fake-indexeddb/auto'

import { cpus } from 'node:os'
import { performance } from 'node:perf_hooks'

import { fakeApi, storedRecord } from '../test/fake-api.ts'

// Just enough of a browser for the client to run its browser code paths.
const events = new EventTarget()
Object.assign(globalThis, {
  window: globalThis,
  document: Object.assign(new EventTarget(), { visibilityState: 'visible' }),
  addEventListener: events.addEventListener.bind(events),
  removeEventListener: events.removeEventListener.bind(events),
})

const { createMoonKey } = await import('../src/index.ts')
const { indexedDbStorage } = await import('../src/storage.ts')
type Client = ReturnType<typeof createMoonKey>

const ready = (client: Client): Promise<void> =>
  new Promise((resolve) => {
    const check = (): void => {
      if (client.$state.get().ready) resolve()
    }
    client.$state.listen(check)
    check()
  })

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

// 1. getSessionTokens() on a fresh JWT: memory only, no I/O.
{
  const api = fakeApi()
  const client = createMoonKey({ publishableKey: 'pk_bench_fresh', storage: 'memory', fetch: api.fetch, apiUrl: 'http://api.test' })
  await ready(client)
  await client.sendCode({ email: 'ada@example.com' })
  await client.loginWithCode({ code: '123456' })
  const calls = 500_000
  for (let i = 0; i < 10_000; i++) await client.getSessionTokens() // warm up
  const start = performance.now()
  for (let i = 0; i < calls; i++) await client.getSessionTokens()
  const seconds = (performance.now() - start) / 1000
  console.log(`getSessionTokens() on a fresh JWT: ${fmt(calls / seconds)} calls/s (${fmt(calls)} sequential awaits, ${api.count('/sessions/verify')} requests)`)
  client.destroy()
}

// 2. 1,000 concurrent getSessionTokens() on a stale JWT: one shared refresh.
{
  const api = fakeApi()
  // Before each burst the clock (the client's and the fake API's) jumps 250 s,
  // so the 5-minute JWT has 50 s left: stale, and every burst must refresh.
  const realNow = Date.now
  let shift = 0
  Date.now = () => realNow() + shift
  const client = createMoonKey({ publishableKey: 'pk_bench_stale', storage: 'memory', fetch: api.fetch, apiUrl: 'http://api.test' })
  await ready(client)
  await client.sendCode({ email: 'ada@example.com' })
  await client.loginWithCode({ code: '123456' })
  const times: number[] = []
  const counts: number[] = []
  for (let round = 0; round < 50; round++) {
    shift += 250_000
    const before = api.count('/sessions/verify')
    const start = performance.now()
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.getSessionTokens()))
    times.push(performance.now() - start)
    counts.push(api.count('/sessions/verify') - before)
    if (results.some((r) => r?.sessionJwt !== results[0]?.sessionJwt)) throw new Error('callers disagree')
  }
  Date.now = realNow
  if (counts.some((n) => n !== 1)) throw new Error(`expected one request per burst, got ${counts.join(',')}`)
  console.log(`1,000 concurrent getSessionTokens() on a stale JWT: ${Math.max(...counts)} request per burst (all ${counts.length} bursts), median ${fmt(median(times), 2)} ms per burst (fake in-process API)`)
  client.destroy()
}

// 3. Hydration from IndexedDB (fake-indexeddb): createMoonKey() until ready.
{
  const api = fakeApi()
  const record = storedRecord(api.session())
  const times: number[] = []
  for (let i = 0; i < 200; i++) {
    const key = `pk_bench_idb_${i}`
    await indexedDbStorage(`moonkey-${key}`).set('session', record)
    const start = performance.now()
    const client = createMoonKey({ publishableKey: key, fetch: api.fetch, apiUrl: 'http://api.test' })
    await ready(client)
    times.push(performance.now() - start)
    if (!client.$state.get().isAuthenticated) throw new Error('not restored')
    client.destroy()
  }
  console.log(`Hydration from IndexedDB (fake-indexeddb, fresh JWT): median ${fmt(median(times), 2)} ms, p90 ${fmt([...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)]!, 2)} ms (${times.length} runs, database opened each time)`)
}

console.log(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`)
