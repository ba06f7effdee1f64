/**
 * The browser the bench runs the SDKs in, inside Node: happy-dom's document,
 * storages, location and navigator on `globalThis` (which is `window`),
 * fake-indexeddb, an in-process `navigator.locks`, and `fetch` answered by the
 * fake APIs only. Import it before any SDK.
 */
import 'fake-indexeddb/auto'

import { Window } from 'happy-dom'

import { fakeApis } from './fake-apis.ts'
import { webLocks } from './web-locks.ts'

/** The fake APIs; every request of every SDK goes through `apis.fetch`. */
export const apis = fakeApis()

/** What happy-dom itself would load (a script tag, an iframe, its own fetch) fails and is recorded. */
const refuse = ({ request }: { request: { method: string; url: string } }): never => {
  apis.unexpected.push(`${request.method} ${request.url} (through happy-dom)`)
  throw new TypeError(`bench: happy-dom was asked for ${request.url} (the bench runs offline)`)
}
const page = new Window({
  url: 'https://app.test/',
  settings: {
    disableIframePageLoading: true,
    navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    fetch: { interceptor: { beforeAsyncRequest: async (context) => refuse(context), beforeSyncRequest: refuse } },
  },
})
const g = globalThis as Record<string, unknown>

g.window = globalThis
for (const key of ['document', 'localStorage', 'sessionStorage', 'location', 'history', 'navigator'] as const) {
  Object.defineProperty(globalThis, key, { value: page[key], configurable: true, writable: true })
}
Object.defineProperty(page.navigator, 'locks', { value: webLocks(), configurable: true })
for (const key of ['addEventListener', 'removeEventListener', 'dispatchEvent'] as const) {
  g[key] = page[key].bind(page)
}

globalThis.fetch = apis.fetch
Object.defineProperty(page, 'fetch', { value: apis.fetch, configurable: true, writable: true })

const realNow = Date.now
let shift = 0
// Installed before any SDK exists: some keep the function they found (MoonKey
// JS's clock does), and none has a clock option common to all four.
Date.now = () => realNow() + shift

/**
 * The wall clock every SDK reads (`Date.now()`): `advance(ms)` moves it on, so
 * every token the fakes issued expires without waiting.
 */
export const clock = {
  advance(ms: number): void {
    shift += ms
  },
}

/** Releases happy-dom's timers. */
export const closePage = (): Promise<void> => page.happyDOM.close()
