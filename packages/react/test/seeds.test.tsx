// The docs' components (test/seeds, verbatim) rendered and used against the real
// emulator. `https://your-api.com` is a small fake backend that checks the
// session token with the emulator's secret key, as the docs' backend would.
import 'fake-indexeddb/auto'

import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { IDBFactory } from 'fake-indexeddb'
import type { ReactNode } from 'react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { createMoonKey } from '@moon-key/core'
import { MoonKeyProvider, useMoonKey } from '../src/index.ts'
import type { MoonKeyClient } from '../src/index.ts'
import DataComponent from './seeds/tokens-api-client.tsx'
import { MyComponent } from './seeds/tokens-custom-hook.tsx'
import SecureDataFetcher from './seeds/tokens-error-handling.tsx'
import UserProfile from './seeds/tokens-react-query.tsx'
import { Header } from './seeds/logout-header.tsx'
import { LogoutButton } from './seeds/logout-basic.tsx'
import { UserMenu } from './seeds/logout-user-menu.tsx'

const router = vi.hoisted(() => ({ push: vi.fn(async () => true) }))
vi.mock('next/router', () => ({ useRouter: () => router }))

let emulator: RunningEmulator
let client: MoonKeyClient
const realFetch = globalThis.fetch
const backendCalls: Array<{ path: string; status: number }> = []

/** The docs' backend: `Bearer <session token>` checked with the MoonKey API. */
const backend = async (url: URL, init: RequestInit = {}): Promise<Response> => {
  const token = new Headers(init.headers).get('authorization')?.replace(/^Bearer /, '') ?? ''
  const verify = await realFetch(`${emulator.url}/v1/auth/sessions/verify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ session_token: token }),
  })
  const status = verify.ok ? 200 : 401
  backendCalls.push({ path: url.pathname, status })
  if (!verify.ok) return Response.json({ error: 'Invalid session' }, { status })
  const { user } = (await verify.json()) as { user: { user_id?: string; id?: string; emails?: Array<{ email: string }>; email?: string } }
  const email = user.email ?? user.emails?.[0]?.email
  const body = init.body ? JSON.parse(String(init.body)) : undefined
  return Response.json({ path: url.pathname, email, ...(body && { received: body }) })
}

beforeAll(async () => {
  emulator = await startEmulator({ memory: true, log: () => {} })
})
afterAll(() => emulator.close())
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input))
    return url.host === 'your-api.com' ? backend(url, init) : realFetch(input, init)
  })
  client = createMoonKey({ publishableKey: emulator.publishableKey, apiUrl: emulator.url, fetch: realFetch })
  backendCalls.length = 0
  router.push.mockClear()
})
afterEach(() => {
  cleanup()
  client.destroy()
  document.querySelectorAll('moonkey-login-modal').forEach((modal) => modal.remove())
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const app = (children: ReactNode) => render(<MoonKeyProvider client={client}>{children}</MoonKeyProvider>)
const logIn = async (email = 'ada@example.com') => {
  await act(async () => {
    await client.sendCode({ email })
    await client.loginWithCode({ code: emulator.latestCode(email)! })
  })
}
/** Starts the client (as a first call does; reading `$state` alone does not) and waits for ready. */
const isReady = async () => {
  await client.getSessionTokens()
  await waitFor(() => expect(client.$state.get().ready).toBe(true))
}

describe('LogoutButton (logout: basic usage)', () => {
  it('is disabled until ready and authenticated, logs out, and is disabled again', async () => {
    app(<LogoutButton />)
    const button = screen.getByRole('button', { name: 'Log out' }) as HTMLButtonElement
    expect(button.disabled).toBe(true) // not ready
    await isReady()
    expect(button.disabled).toBe(true) // ready, logged out
    await logIn()
    expect(button.disabled).toBe(false)
    fireEvent.click(button)
    await waitFor(() => expect(button.disabled).toBe(true))
    expect(client.$state.get().isAuthenticated).toBe(false)
    await expect(client.getSessionTokens()).resolves.toBeNull()
  })
})

describe('Header (logout: common pattern)', () => {
  it('shows Loading..., then Login, then the welcome and a Logout that goes home', async () => {
    app(<Header />)
    expect(screen.getByRole('banner').textContent).toBe('Loading...')
    await screen.findByRole('link', { name: 'Login' })
    await logIn('grace@example.com')
    expect(screen.getByText('Welcome, grace@example.com!')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Logout' }))
    await screen.findByRole('link', { name: 'Login' })
    await waitFor(() => expect(router.push).toHaveBeenCalledWith('/')) // after logout() resolved
    expect(client.$state.get().user).toBeNull()
  })
})

describe('UserMenu (logout: user menus)', () => {
  // As in an app, the menu is only shown to a logged-in user (it reads user.email unguarded).
  function Nav() {
    const { isAuthenticated } = useMoonKey()
    return isAuthenticated ? <UserMenu /> : <p>logged out</p>
  }

  it('shows the email, opens the dropdown, and logs out from it', async () => {
    await isReady()
    await logIn('lin@example.com')
    app(<Nav />)
    fireEvent.click(screen.getByRole('button', { name: 'lin@example.com' }))
    expect(screen.getByRole('link', { name: 'Profile' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Settings' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }))
    await screen.findByText('logged out')
    expect(client.$state.get().isAuthenticated).toBe(false)
  })
})

describe('useAuthenticatedFetch (access tokens: custom hooks)', () => {
  it('sends the session token the backend accepts; refuses when logged out', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    app(<MyComponent />)
    await isReady()
    fireEvent.click(screen.getByRole('button', { name: 'Load Data' }))
    await waitFor(() => expect(error).toHaveBeenCalledWith('Failed to fetch:', new Error('User is not authenticated')))
    expect(backendCalls).toEqual([])

    await logIn()
    fireEvent.click(screen.getByRole('button', { name: 'Load Data' }))
    await waitFor(() => expect(log).toHaveBeenCalledWith({ path: '/data', email: 'ada@example.com' }))
    expect(backendCalls).toEqual([{ path: '/data', status: 200 }])
  })
})

describe('APIClient wrapper (access tokens: common patterns)', () => {
  it('gets and posts with the session token', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    await isReady()
    await logIn()
    app(<DataComponent />)
    fireEvent.click(screen.getByRole('button', { name: 'Get User' }))
    await waitFor(() => expect(log).toHaveBeenCalledWith({ path: '/user', email: 'ada@example.com' }))
    fireEvent.click(screen.getByRole('button', { name: 'Update User' }))
    await waitFor(() =>
      expect(log).toHaveBeenCalledWith({ path: '/user/update', email: 'ada@example.com', received: { name: 'John' } }),
    )
  })
})

describe('UserProfile (access tokens: React Query)', () => {
  it('loads the profile with the session token', async () => {
    await isReady()
    await logIn('mae@example.com')
    const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    app(
      <QueryClientProvider client={queries}>
        <UserProfile />
      </QueryClientProvider>,
    )
    expect(screen.getByText('Loading...')).toBeTruthy()
    await screen.findByText('mae@example.com')
    queries.clear()
  })
})

describe('SecureDataFetcher (access tokens: error handling)', () => {
  it('asks a logged-out user to log in, and its Login button calls start() to open the modal', async () => {
    const start = vi.spyOn(client, 'start')
    app(<SecureDataFetcher />)
    await isReady()
    fireEvent.click(screen.getByRole('button', { name: 'Fetch Secure Data' }))
    await screen.findByText('Please log in to continue')
    fireEvent.click(screen.getByRole('button', { name: 'Login' }))
    expect(start).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(document.querySelector('moonkey-login-modal')).not.toBeNull())
  })

  it('says the session expired when the backend answers 401 (revoked on the server)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    await isReady()
    await logIn()
    app(<SecureDataFetcher />)
    fireEvent.click(screen.getByRole('button', { name: 'Fetch Secure Data' }))
    await waitFor(() => expect(log).toHaveBeenCalledWith('Fetched data:', { path: '/secure-data', email: 'ada@example.com' }))

    const { sessionToken } = (await client.getSessionTokens())!
    await realFetch(`${emulator.url}/v1/auth/sessions/delete`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${emulator.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ session_token: sessionToken }),
    })
    fireEvent.click(screen.getByRole('button', { name: 'Fetch Secure Data' }))
    await screen.findByText('Your session has expired. Please log in again.')
    expect(screen.getByRole('button', { name: 'Login' })).toBeTruthy()
  })
})
