/**
 * Each SDK logged in against its fake API, as an app would set it up in a
 * browser, reduced to what the bench calls: the hot-path token read and the
 * counter of its refresh endpoint. Import `./env.ts` first.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { apis } from './env.ts'
import { AUTH0_CLIENT_ID, HOSTS } from './fake-apis.ts'

export interface Contender {
  name: string
  /** The hot-path call, as the table names it. */
  call: string
  /** Resolves to the token an app would send (falsy when there is none). */
  token(): Promise<unknown>
  /** Requests its refresh endpoint has answered so far. */
  refreshes(): number
}

const EMAIL = 'ada@example.com'

export const moonkey = async (): Promise<Contender> => {
  const { createMoonKey } = await import('@moon-key/core')
  // Default storage: IndexedDB (fake-indexeddb here).
  const client = createMoonKey({ publishableKey: 'pk_test_bench', apiUrl: HOSTS.moonkey })
  await client.sendCode({ email: EMAIL })
  await client.loginWithCode({ code: '123456' })
  return {
    name: 'MoonKey JS',
    call: '`getSessionTokens()`',
    token: () => client.getSessionTokens(),
    refreshes: () => apis.count('moonkey:refresh'),
  }
}

export const supabase = async (): Promise<Contender> => {
  const { GoTrueClient } = await import('@supabase/auth-js')
  // Default storage: localStorage. No auto-refresh ticker, so only the calls refresh.
  const client = new GoTrueClient({
    url: `${HOSTS.supabase}/auth/v1`,
    headers: { apikey: 'anon-key' },
    autoRefreshToken: false,
    persistSession: true,
    detectSessionInUrl: false,
  })
  await client.signInWithOtp({ email: EMAIL })
  const { error } = await client.verifyOtp({ email: EMAIL, token: '123456', type: 'email' })
  if (error) throw error
  return {
    name: 'Supabase (`@supabase/auth-js`)',
    call: '`getSession()`',
    token: async () => (await client.getSession()).data.session?.access_token,
    refreshes: () => apis.count('supabase:refresh'),
  }
}

/**
 * Firebase Auth's browser build: in Node, `firebase/auth` resolves to its Node
 * build (in-memory persistence), so the browser one is imported by path.
 */
const firebaseAuthBrowser = async (): Promise<typeof import('firebase/auth')> => {
  const fromFirebase = createRequire(createRequire(import.meta.url).resolve('firebase/package.json'))
  const authDir = dirname(fromFirebase.resolve('@firebase/auth/package.json').replace(/package\.json$/, 'x'))
  const pkg = JSON.parse(await readFile(join(authDir, 'package.json'), 'utf8'))
  return import(pathToFileURL(join(authDir, pkg.exports['.'].browser.import)).href)
}

export const firebase = async (): Promise<Contender> => {
  const { initializeApp } = await import('firebase/app')
  const { getAuth, signInWithCustomToken } = await firebaseAuthBrowser()
  const app = initializeApp({ apiKey: 'bench-api-key', authDomain: 'bench.firebaseapp.com', projectId: 'bench', appId: '1:1:web:1' })
  // getAuth: IndexedDB persistence (fake-indexeddb here), as in a browser.
  const auth = getAuth(app)
  await signInWithCustomToken(auth, 'custom-token')
  const user = auth.currentUser!
  return {
    name: 'Firebase (`firebase/auth`)',
    call: '`currentUser.getIdToken()`',
    token: () => user.getIdToken(),
    refreshes: () => apis.count('firebase:refresh'),
  }
}

export const auth0 = async (): Promise<Contender> => {
  const { createAuth0Client } = await import('@auth0/auth0-spa-js')
  // Refresh tokens, cache in memory (the default). Node has no Worker, so the
  // refresh runs on the main thread, not in the SDK's web worker.
  const client = await createAuth0Client({
    domain: new URL(HOSTS.auth0).host,
    clientId: AUTH0_CLIENT_ID,
    authorizationParams: { redirect_uri: 'https://app.test/callback' },
    useRefreshTokens: true,
    cacheLocation: 'memory',
  })
  let authorize: URL | undefined
  await client.loginWithRedirect({ openUrl: (url) => void (authorize = new URL(url)) })
  apis.setAuth0Nonce(authorize!.searchParams.get('nonce') ?? undefined)
  await client.handleRedirectCallback(`https://app.test/callback?code=bench-code&state=${encodeURIComponent(authorize!.searchParams.get('state')!)}`)
  return {
    name: 'Auth0 (`@auth0/auth0-spa-js`)',
    call: "`getTokenSilently()`, cacheLocation `'memory'`",
    token: () => client.getTokenSilently(),
    refreshes: () => apis.count('auth0:token'),
  }
}

/** The limit: what any async token read costs at least. */
export const limit = (): Contender => {
  const x = { token: 'x' }
  return {
    name: 'limit',
    call: '`await Promise.resolve(x)`',
    token: () => Promise.resolve(x),
    refreshes: () => 0,
  }
}
