import { createBroadcast, type Broadcast } from './broadcast.ts'
import { createClock } from './clock.ts'
import { createCooldown } from './cooldown.ts'
import { createEmailLogin, type EmailLogin } from './email-login.ts'
import { isSessionGone, isTransient, MoonKeyError } from './errors.ts'
import { trackEvents, type LogoutReason } from './events.ts'
import { createHttp } from './http.ts'
import { initialValue } from './initial-state.ts'
import { createWalletLogin } from './login/wallet.ts'
import { createRefresh } from './refresh.ts'
import {
  createSessionStore,
  fromAnswer,
  parseRecord,
  supersedes,
  type SessionAnswer,
  type SessionRecord,
} from './session-store.ts'
import { indexedDbStorage, safeStorage, type StorageAdapter } from './storage.ts'
import { startOnListen } from './start-on-listen.ts'
import type { StartParams } from './modal/types.ts'
import type { MoonKeyClient, MoonKeyOptions, OAuthLoginInput, SessionTokens, User } from './types.ts'

const SESSION = 'session'
const REVOKE = 'revoke'
/** A JWT with less than this left is refreshed before it is handed out … */
const FRESH = 60_000
/** … or less than this share of its lifetime, for JWTs that live under 4 minutes. */
const FRESH_SHARE = 1 / 4
/** Below this, a JWT is not handed out even when a refresh failed. */
const USABLE = 10_000
const RETRY_LATER = 30_000

const live = new Set<string>()
/**
 * The email and wallet logins (their `$loginState` and `$walletLogin` stores)
 * are created on first use: about 2 KB a client that never shows a login.
 * Their stores are getters shared by every client (a getter of each client's
 * own would give each client object a shape of its own, about 1 KB), which
 * find the client's logins behind a symbol: through a proxy of the client
 * (Vue's `reactive()`) too, where a WeakMap keyed by the client would not.
 */
const LOGINS = Symbol()
type Logins = EmailLogin & ReturnType<typeof createWalletLogin>
type Lazy = { [LOGINS]: () => Logins }
const LAZY = {
  $loginState: {
    get: function (this: Lazy) {
      return this[LOGINS]().$loginState
    },
    enumerable: true,
  },
  $walletLogin: {
    get: function (this: Lazy) {
      return this[LOGINS]().$walletLogin
    },
    enumerable: true,
  },
}
/** How much life a JWT must have left to be handed out without a refresh. */
const margin = (record: SessionRecord): number =>
  Math.min(FRESH, (record.exp - record.iat) * 1000 * FRESH_SHARE)
const tokensOf = (record: SessionRecord): SessionTokens => ({
  sessionToken: record.token,
  sessionJwt: record.jwt,
})
const noop = (): void => {}
const list = (value: unknown): string[] => (Array.isArray(value) ? value : [])

/**
 * Creates a MoonKey client: the session, its tokens and the email login.
 * Create one per app and share it.
 *
 * @example
 * const moonkey = createMoonKey({ publishableKey: 'pk_test_…' })
 * moonkey.$state.subscribe(({ ready, user }) => render(ready, user))
 * const tokens = await moonkey.getSessionTokens()
 */
export const createMoonKey = (options: MoonKeyOptions): MoonKeyClient => {
  const { publishableKey, apiUrl = 'https://api.moonkey.fun', config = {} } = options
  const browser = typeof window !== 'undefined' && typeof document !== 'undefined'
  const choice = options.storage ?? 'indexeddb'
  // Without one (memory, or IndexedDB on a server), the session lives in memory only.
  const adapter: StorageAdapter | undefined =
    choice === 'indexeddb'
      ? browser
        ? indexedDbStorage(`moonkey-${publishableKey}`)
        : undefined
      : choice === 'memory'
        ? undefined
        : choice
  const store = createSessionStore(initialValue(options.initialState))
  const storage = safeStorage(adapter, store.persisted)
  const events = trackEvents(store)
  // The cookies are their own chunk: apps without them never load it. (If it
  // cannot be loaded, the browser reports the failed import.)
  if (browser && options.cookies) void import('./cookies.ts').then((m) => m.trackCookies(store, options.cookies!, MoonKeyError))
  const clock = createClock()
  /** Aborted by `destroy()`: requests in flight, and any later request. Created with the first. */
  let controller: AbortController | undefined
  const life = (): AbortController => (controller ??= new AbortController())
  const http = clock.timed(createHttp(apiUrl, publishableKey, options.fetch, life))
  const cooldown = createCooldown(clock.elapsed)
  /** Tokens logged out in this tab or another: never adopted again. */
  // (Created on first use, like the other empty collections: about 0.1 KB a client.)
  let dead: Set<string> | undefined
  let destroyed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let revoking = Promise.resolve()

  const left = (record: SessionRecord): number => record.exp * 1000 - clock.now()
  const isFresh = (record: SessionRecord): boolean => left(record) >= margin(record)
  /** The record whose fresh tokens were handed out last, and those tokens, settled. */
  let given: SessionRecord | undefined
  let givenTokens: Promise<SessionTokens>
  /**
   * Until this wall-clock time they are handed out again with one clock read
   * (`Date.now()`, the cheapest there is). A system sleep moves the wall clock
   * on, so it ends this on time; a wall clock set back would stretch it, so a
   * timer on the monotonic clock (`freshTimer`) ends it at the same moment.
   * Browsers only: elsewhere a pending timer would hold the process open, and
   * every call takes the full check.
   */
  let givenUntil = 0
  let freshTimer: ReturnType<typeof setTimeout> | undefined

  // Proactive refresh: only in a browser, while logged in and visible.
  const schedule = (delay?: number): void => {
    clearTimeout(timer)
    timer = undefined
    const record = store.current
    if (!browser || destroyed || !record || document.visibilityState === 'hidden') return
    const ms = left(record)
    const m = margin(record)
    // Half a margin before the JWT turns stale (90 s before expiry for 5-minute
    // JWTs); a stale one (a refresh just failed) is tried again every 30 s.
    timer = setTimeout(
      () => void refresh().catch(noop),
      delay ?? (ms > m ? Math.max(ms - m * 1.5, 1_000) : RETRY_LATER),
    )
  }

  const adopt = (record: SessionRecord | null): void => {
    if (record && !dead?.has(record.token) && store.put(record)) schedule()
  }
  const forget = (token: string, reason: LogoutReason): void => {
    ;(dead ??= new Set()).add(token)
    if (store.current?.token === token) {
      store.put(null, reason)
      schedule()
    }
  }

  let tabs: Broadcast | undefined

  const commit = async (record: SessionRecord, keep: () => boolean): Promise<void> => {
    const wanted = (): boolean =>
      keep() && !dead?.has(record.token) && supersedes(record, store.current)
    if (!wanted()) return
    // Another tab may have stored a newer JWT of this session: it wins.
    const stored = parseRecord(await storage.get(SESSION))
    if (stored && !supersedes(record, stored)) return adopt(stored)
    await storage.set(SESSION, { ...record, offset: clock.offset() })
    // A logout during the write queued its delete after this write: stay out.
    if (!keep() || dead?.has(record.token)) return
    // A newer JWT arrived during the write: put it back over ours.
    if (!store.put(record)) return storage.set(SESSION, { ...store.current, offset: clock.offset() })
    tabs?.post({ record })
    schedule()
  }

  /** The session's own expiry passed (`slack` ms early): no refresh can bring it back. */
  const ended = (record: SessionRecord, slack = 0): boolean =>
    record.session.expiresAt * 1000 <= clock.now() + slack
  const drop = async (token: string): Promise<void> => {
    const record = store.current
    // The API saying "gone" a moment before the expiry (clocks agree to a
    // second or so) means the expiry, not a revocation.
    const reason = record && ended(record, 5_000) ? 'expired' : 'revoked'
    forget(token, reason)
    await storage.del(SESSION)
    tabs?.post({ logout: token, reason })
  }

  const refreshOnce = createRefresh({
    http,
    clock,
    cooldown,
    lock: `moonkey-refresh:${publishableKey}`,
    current: () => (destroyed ? null : store.current),
    reread: () => reread(),
    commit,
    drop,
  })
  const refresh = (): Promise<void> => {
    const record = store.current
    if (record && ended(record)) return drop(record.token)
    return refreshOnce().catch((error: unknown) => {
      schedule(Math.max(RETRY_LATER, cooldown.left()))
      throw error
    })
  }

  // Pending revocations, one pass at a time, each pass sees the latest list.
  let editing = Promise.resolve()
  const editRevocations = (edit: (tokens: string[]) => string[]): Promise<void> =>
    (editing = editing.then(async () => {
      const tokens = edit(list(await storage.get(REVOKE)))
      await (tokens.length ? storage.set(REVOKE, tokens) : storage.del(REVOKE))
    }))
  // One retry at the end of the cooldown, however many passes failed.
  let retrying = false
  const retryRevocations = (): void => {
    if (retrying) return
    retrying = true
    void cooldown.wait().then(() => {
      retrying = false
      if (!destroyed) void revokePending()
    })
  }
  const revokePending = (): Promise<void> =>
    (revoking = revoking.then(async () => {
      const done: string[] = []
      for (const token of list(await storage.get(REVOKE))) {
        try {
          await cooldown.run(() => http('delete', 'v1/auth/sessions/delete', { session_token: token }))
          done.push(token)
        } catch (error) {
          // Unknown or already expired on the server: nothing left to revoke.
          if (isSessionGone(error)) done.push(token)
          else if (isTransient(error)) retryRevocations()
        }
      }
      if (done.length) await editRevocations((tokens) => tokens.filter((t) => !done.includes(t)))
    }))

  const reread = async (): Promise<void> => {
    const record = parseRecord(await storage.get(SESSION))
    // Storage unreadable: memory knows best (it may hold a session a tab sent).
    if (storage.degraded) return
    if (record) adopt(record)
    else if (store.current) forget(store.current.token, 'other-tab')
  }

  const online = (): void => {
    cooldown.online()
    void wake()
  }
  const wake = async (): Promise<void> => {
    if (destroyed) return
    void revokePending()
    if (document.visibilityState === 'hidden') return schedule()
    if (!tabs) await reread()
    const record = store.current
    if (record && !isFresh(record)) refresh().catch(noop)
    else schedule()
  }

  /**
   * The browser side starts on first use, not on creation: the first lasting
   * `$state` subscriber or the first call. A client that is created and dropped
   * (React 18 StrictMode's discarded render, a server render) opens nothing.
   */
  let loaded: Promise<void> | undefined
  /** Settles once `$state` turned ready. */
  let settled: Promise<void> | undefined
  let hydrated = false
  const begin = (): Promise<void> => {
    if (loaded) return loaded
    if (!browser || destroyed) return Promise.resolve()
    // (dev.ts's check written out: a module shared with the lazy modal would be an eager file of its own.)
    if ((typeof process === 'undefined' || process.env.NODE_ENV !== 'production') && live.has(publishableKey)) {
      console.warn(
        `[moonkey] Two clients use the publishable key ${publishableKey}. Create one with createMoonKey() and share it.`,
      )
    }
    live.add(publishableKey)
    tabs = createBroadcast(`moonkey:${publishableKey}`, (message) => {
      const record = parseRecord(message.record)
      if (message.logout) forget(message.logout, message.reason ?? 'other-tab')
      else adopt(record)
      // The other tab stored this before saying so. If this tab now shows the
      // same, a write of ours still waiting to land is older: drop it.
      if (message.logout ? !store.current : store.current === record) storage.settle(SESSION, message.record)
    })
    loaded = (async () => {
      const raw = await storage.get(SESSION)
      const offset = (raw as { offset?: unknown } | undefined)?.offset
      if (typeof offset === 'number') clock.restore(offset)
      const record = parseRecord(raw)
      if (record && !ended(record)) store.put(record)
      else if (raw !== undefined) {
        if (record) store.put(null, 'expired')
        await storage.del(SESSION)
      }
      hydrated = true
    })()
    settled = loaded.then(async () => {
      void revokePending()
      // Back from an OAuth provider (our states start with `mk`): finish that login before `ready`.
      if (location.search.includes('state=mk')) await oauth().catch(noop)
      const record = store.current
      if (record && !isFresh(record)) await refresh().catch(noop)
      store.ready()
      schedule()
    })
    addEventListener('online', online)
    document.addEventListener('visibilitychange', wake)
    return loaded
  }
  // A lasting `$state` listener starts it (not a render-time snapshot).
  startOnListen(store.$state, begin)

  /**
   * Fresh tokens already handed out come back as they were, without an
   * `await` or a new object, while the session in memory is that very record
   * (a login, a refresh, another tab's JWT or a logout replaces it) and the
   * clock says its JWT is still fresh (`givenUntil`). Any options (even
   * `{ forceRefresh: false }`) take the full path.
   */
  const getSessionTokens = (options?: { forceRefresh?: boolean }): Promise<SessionTokens | null> =>
    !options && Date.now() < givenUntil && given === store.current
      ? givenTokens
      : tokensFor(options?.forceRefresh)
  const tokensFor = async (force?: boolean): Promise<SessionTokens | null> => {
    await begin()
    const record = store.current
    if (!record) return null
    if (!force && isFresh(record)) {
      if (browser) {
        const spare = left(record) - margin(record)
        givenUntil = Date.now() + spare
        clearTimeout(freshTimer)
        freshTimer = setTimeout(() => (givenUntil = 0), spare)
      }
      return (givenTokens = Promise.resolve(tokensOf((given = record))))
    }
    try {
      await refresh()
    } catch (error) {
      // Keep working offline while the JWT still has a little life in it
      // (unless a new one was asked for).
      const current = store.current
      if (!force && current && left(current) > Math.min(USABLE, margin(current) / 2)) return tokensOf(current)
      throw error
    }
    const current = store.current
    return current && left(current) > 0 ? tokensOf(current) : null
  }

  const logout = async (): Promise<void> => {
    // Once the session is known, the state turns logged out in this very tick.
    if (!hydrated) await begin()
    const record = store.current
    if (!record) return
    forget(record.token, 'logout')
    await Promise.all([
      storage.del(SESSION),
      editRevocations((tokens) => [...tokens, record.token]),
    ])
    tabs?.post({ logout: record.token })
    await revokePending()
  }

  const login = async (answer: SessionAnswer) => {
    const record = fromAnswer(answer)
    if (!record) throw new MoonKeyError('server_error', 'MoonKey API sent no valid session JWT')
    await begin()
    clock.sync(record.iat, answer)
    await commit(record, () => !destroyed)
    return record.user
  }

  // OAuth is its own chunk: apps that never use it never load it. Without `input`
  // it finishes a login coming back from the provider.
  const oauth = (input?: OAuthLoginInput, popup?: Window | null | false) =>
    import('./oauth/index.ts').then((m) =>
      // Positional, not an object: property names would not be minified.
      m.runOAuth(input, popup, http, publishableKey, login, client, MoonKeyError),
    )

  const start = (params?: StartParams): void => {
    if (!browser) return
    // Before hydration it is not known yet whether the user is logged in.
    void begin().then(async () => {
      if (destroyed || store.current) return
      try {
        // The modal is its own chunk: apps that never call start() never load it.
        const { openLoginModal } = await import('./modal/index.ts')
        openLoginModal(client, params)
      } catch (error) {
        console.error('[moonkey] The login modal could not be loaded.', error)
      }
    })
  }

  let logins: Logins | undefined
  const lazy = (): Logins =>
    (logins ??= {
      ...createEmailLogin(http, login, config.emailOtp?.expiresIn),
      ...createWalletLogin({ http, login, clock, MoonKeyError }, browser),
    })
  const client = Object.defineProperties<Omit<MoonKeyClient, '$loginState' | '$walletLogin'> & Lazy>({
    $state: store.$state,
    config,
    start,
    on(name, handler) {
      void begin()
      return events.on(name, handler)
    },
    async whenReady() {
      await begin()
      // (Not in a browser, or destroyed before it started, it never turns ready.)
      await settled
      return store.$state.get()
    },
    getSessionTokens,
    logout,
    sendCode: (input) => lazy().sendCode(input),
    loginWithCode: (input) => lazy().loginWithCode(input),
    // A popup opens within the click, before any await, or blockers stop it
    // (at the browser's default popup size: fewer bytes than our own).
    loginWithOAuth: (input) => oauth(input, browser && input.mode === 'popup' && open('', '', input.mode)) as Promise<User>,
    getWallets: async () => (await lazy().loadWallets()).getWallets(),
    loginWithWallet: async (input) => (await lazy().loadWallets()).loginWithWallet(input),
    destroy() {
      destroyed = true
      clearTimeout(timer)
      clearTimeout(freshTimer)
      cooldown.stop()
      logins?.stopWallets()
      life().abort()
      // Writes already made (a logout's) still land; then the connection closes.
      storage.close()
      if (!loaded) return
      tabs?.close()
      removeEventListener('online', online)
      document.removeEventListener('visibilitychange', wake)
      live.delete(publishableKey)
    },
    [LOGINS]: lazy,
  }, LAZY) as unknown as MoonKeyClient
  return client
}
