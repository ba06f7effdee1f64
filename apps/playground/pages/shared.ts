// What every framework page shares with public/app.js: the client, the backend
// call and its result text, and the nav. Each page only renders the same DOM.
import { createMoonKey, type MoonKeyClient, type SessionTokens, type User } from '@moon-key/core'

declare global {
  interface Window {
    MOONKEY_PLAYGROUND: { apiUrl: string; publishableKey: string }
    moonkey: MoonKeyClient
  }
}

/** Creates the page's client (as app.js does) and keeps it on `window.moonkey`. */
export function createPlaygroundClient(): MoonKeyClient {
  const { apiUrl, publishableKey } = window.MOONKEY_PLAYGROUND
  const moonkey = createMoonKey({
    publishableKey,
    apiUrl,
    // `?cookies` mirrors the session into the moonkey_session cookies (for server renders).
    cookies: new URLSearchParams(location.search).has('cookies'),
    config: {
      // 'wallet': the installed wallets; in the playground the emulator's test wallet (index.html).
      loginMethods: ['email', 'google', 'apple', 'wallet'],
      // `?oauth=popup` tries the modal's Google and Apple buttons in a popup.
      oauthMode: new URLSearchParams(location.search).get('oauth') === 'popup' ? 'popup' : 'redirect',
      appearance: {
        loginHeaderTitle: 'Log in to the playground',
        loginHeaderDescription: 'Email code, Google, Apple or a wallet.',
      },
    },
  })
  window.moonkey = moonkey // handy in the console and for the end-to-end tests
  return moonkey
}

/** Whom to greet: the email, or for a wallet-only user (whose email is '') the wallet's address. */
export const greeting = (user: User): string => user.email || user.wallet?.address || user.id

/** Calls the playground backend with one credential; resolves with the text for `result`. */
export async function callBackend(
  getSessionTokens: () => Promise<SessionTokens | null>,
  kind: 'token' | 'jwt',
): Promise<string> {
  try {
    const credentials = await getSessionTokens()
    if (!credentials) return 'Not authenticated'
    const credential = kind === 'jwt' ? credentials.sessionJwt : credentials.sessionToken
    const response = await fetch('/api/protected', {
      method: 'POST',
      headers: { Authorization: `Bearer ${credential}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: 'example' }),
    })
    return `${response.status} ${JSON.stringify(await response.json())}`
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    return `${code ?? 'error'}: ${message}`
  }
}

const NAV = [
  ['Script tag', '/'],
  ['ES module', '/esm.html'],
  ['React', '/react/'],
  ['Vue', '/vue/'],
  ['Svelte', '/svelte/'],
] as const

/** Fills the page's `<nav>`: the pages, the emulator mailbox, the current one marked. */
export function renderNav(): void {
  const nav = document.querySelector('nav')!
  for (const [label, href] of NAV) {
    const link = nav.appendChild(document.createElement('a'))
    link.href = href
    link.textContent = label
    if (link.pathname === location.pathname) link.setAttribute('aria-current', 'page')
  }
  const mailbox = nav.appendChild(document.createElement('a'))
  mailbox.id = 'mailbox-link'
  mailbox.href = `${window.MOONKEY_PLAYGROUND.apiUrl}/emulator`
  mailbox.target = '_blank'
  mailbox.rel = 'noopener'
  mailbox.textContent = 'Emulator mailbox'
}
