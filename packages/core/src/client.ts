import { createBroadcast, type Broadcast } from './broadcast.ts'
import { createClock } from './clock.ts'
import { createEmailLogin } from './email-login.ts'
import { isMoonKeyError, MoonKeyError } from './errors.ts'
import { createHttp } from './http.ts'
import { createRefresh } from './refresh.ts'
import {
  createSessionStore,
  fromAnswer,
  parseRecord,
  type SessionAnswer,
  type SessionRecord,
} from './session-store.ts'
import { indexedDbStorage, memoryStorage, safeStorage, type StorageAdapter } from './storage.ts'
import type { StartParams } from './modal/types.ts'
import type { MoonKeyClient, MoonKeyOptions, SessionTokens } from './types.ts'

const SESSION = 'session'
const REVOKE = 'revoke'
/** A JWT with less than this left is refreshed before it is handed out … */
const FRESH = 60_000
/** … or less than this share of its lifetime, for JWTs that live under 4 minutes. */
const FRESH_SHARE = 1 / 4
/** Below this, a JWT is not handed out even when a refresh failed. */
const USABLE = 10_000
const RETRY_LATER = 30_000
const development = (): boolean =>
  typeof process === 'undefined' || process.env.NODE_ENV !== 'production'

const live = new Set<string>()
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
  const adapter: StorageAdapter =
    choice === 'indexeddb'
      ? browser
        ? indexedDbStorage(`moonkey-${publishableKey}`)
        : memoryStorage()
      : choice === 'memory'
        ? memoryStorage()
        : choice
  const storage = safeStorage(adapter)
  const http = createHttp(apiUrl, publishableKey, options.fetch)
  const clock = createClock()
  const store = createSessionStore()
  /** Tokens logged out in this tab or another: never adopted again. */
  const dead = new Set<string>()
  let destroyed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let revoking = Promise.resolve()


  const left = (record: SessionRecord): number => record.exp * 1000 - clock.now()
  /** How much life a JWT must have left to be handed out without a refresh. */
  const margin = (record: SessionRecord): number =>
    Math.min(FRESH, (record.exp - record.iat) * 1000 * FRESH_SHARE)
  const isFresh = (record: SessionRecord): boolean => left(record) >= margin(record)
  const tokensOf = (record: SessionRecord): SessionTokens => ({
    sessionToken: record.token,
    sessionJwt: record.jwt,
  })

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
    const current = store.current
    if (!record || dead.has(record.token)) return
    if (current?.token === record.token && current.iat >= record.iat) return
    store.put(record)
    schedule()
  }
  const forget = (token: string): void => {
    dead.add(token)
    if (store.current?.token === token) {
      store.put(null)
      schedule()
    }
  }

  let tabs: Broadcast | undefined

  const commit = async (record: SessionRecord, keep: () => boolean): Promise<void> => {
    if (!keep() || dead.has(record.token)) return
    await storage.set(SESSION, { ...record, offset: clock.offset })
    // A logout during the write queued its delete after this write: stay out.
    if (!keep() || dead.has(record.token)) return
    store.put(record)
    tabs?.post({ record })
    schedule()
  }

  const drop = async (token: string): Promise<void> => {
    forget(token)
    await storage.del(SESSION)
    tabs?.post({ logout: token })
  }

  const refreshOnce = createRefresh({ http, clock, current: () => store.current, commit, drop })
  const refresh = (): Promise<void> =>
    refreshOnce().catch((error: unknown) => {
      schedule(RETRY_LATER)
      throw error
    })

  // Pending revocations, one pass at a time, each pass sees the latest list.
  let editing = Promise.resolve()
  const editRevocations = (edit: (tokens: string[]) => string[]): Promise<void> =>
    (editing = editing.then(async () => {
      const tokens = edit(list(await storage.get(REVOKE)))
      await (tokens.length ? storage.set(REVOKE, tokens) : storage.del(REVOKE))
    }))
  const revokePending = (): Promise<void> =>
    (revoking = revoking.then(async () => {
      const done: string[] = []
      for (const token of list(await storage.get(REVOKE))) {
        try {
          await http('delete', 'v1/auth/sessions/delete', { session_token: token })
          done.push(token)
        } catch (error) {
          // Unknown or already expired on the server: nothing left to revoke.
          if (isMoonKeyError(error) && error.status === 404) done.push(token)
        }
      }
      if (done.length) await editRevocations((tokens) => tokens.filter((t) => !done.includes(t)))
    }))

  const reread = async (): Promise<void> => {
    if (storage.degraded) return
    const record = parseRecord(await storage.get(SESSION))
    if (record) adopt(record)
    else if (store.current) forget(store.current.token)
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
  let hydrated = false
  const begin = (): Promise<void> => {
    if (loaded) return loaded
    if (!browser || destroyed) return Promise.resolve()
    if (development() && live.has(publishableKey)) {
      console.warn(
        `[moonkey] Two clients use the publishable key ${publishableKey}. Create one with createMoonKey() and share it.`,
      )
    }
    live.add(publishableKey)
    tabs = createBroadcast(`moonkey:${publishableKey}`, (message) =>
      message.logout ? forget(message.logout) : adopt(parseRecord(message.record)),
    )
    loaded = (async () => {
      const raw = await storage.get(SESSION)
      const offset = (raw as { offset?: unknown } | undefined)?.offset
      if (typeof offset === 'number') clock.offset = offset
      const record = parseRecord(raw)
      if (record && record.session.expiresAt * 1000 > clock.now()) store.put(record)
      else if (raw !== undefined) await storage.del(SESSION)
      hydrated = true
    })()
    void loaded.then(async () => {
      void revokePending()
      // Back from an OAuth provider (our states start with `mk`): finish that login before `ready`.
      if (location.search.includes('state=mk')) {
        await oauth().then(([m, ctx]) => m.handleOAuthCallback(ctx)).catch(noop)
      }
      const record = store.current
      if (record && !isFresh(record)) await refresh().catch(noop)
      store.ready()
      schedule()
    })
    addEventListener('online', wake)
    document.addEventListener('visibilitychange', wake)
    return loaded
  }
  // A lasting `$state` listener starts it. `$state.get()` without one listens
  // for an instant (React's render-time snapshot does that): that alone does
  // not, or a render React throws away would leave a running client behind.
  // (nanostores' onStart() wraps `listen` the same way; this costs fewer bytes.)
  const listen = store.$state.listen
  store.$state.listen = (listener) => {
    const off = listen(listener)
    let on = true
    queueMicrotask(() => on && void begin())
    return () => {
      on = false
      off()
    }
  }

  const getSessionTokens = async (): Promise<SessionTokens | null> => {
    await begin()
    const record = store.current
    if (!record) return null
    if (isFresh(record)) return tokensOf(record)
    try {
      await refresh()
    } catch (error) {
      // Keep working offline while the JWT still has a little life in it.
      const current = store.current
      if (current && left(current) > Math.min(USABLE, margin(current) / 2)) return tokensOf(current)
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
    forget(record.token)
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
    clock.sync(record.iat)
    await commit(record, () => !destroyed)
    return record.user
  }

  const emailLogin = createEmailLogin(http, login, config.emailOtp?.expiresIn)
  // OAuth is its own chunk: apps that never use it never load it.
  const oauth = () =>
    import('./oauth/index.ts').then((m) => [m, { http, publishableKey, login, $loginState: emailLogin.$loginState, MoonKeyError, start }] as const)

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

  const client: MoonKeyClient = {
    $state: store.$state,
    config,
    start,
    getSessionTokens,
    logout,
    ...emailLogin,
    loginWithOAuth: (input) => {
      // Opened within the click, before any await, or popup blockers stop it
      // (the browser's default popup size; fewer bytes than our own).
      const popup = browser && input.mode === 'popup' ? open('', '', 'popup') : undefined
      return oauth().then(([m, ctx]) => m.loginWithOAuth(ctx, input, popup))
    },
    destroy() {
      destroyed = true
      clearTimeout(timer)
      if (!loaded) return
      tabs?.close()
      removeEventListener('online', wake)
      document.removeEventListener('visibilitychange', wake)
      live.delete(publishableKey)
    },
  }
  return client
}
