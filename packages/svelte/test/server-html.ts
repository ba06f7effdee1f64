/**
 * What the server renders for `Header.svelte` (a server client is never ready):
 * `ssr.test.ts` checks it against `render()` from 'svelte/server', and
 * `hydration.test.ts` hydrates it in happy-dom.
 */
export const HEADER_SERVER_HTML = '<!--[--><!--[0--><header>Loading...</header><!--]--><!--]-->'

/** What the server renders for `Header.svelte` with an `initialState` of ada's session (`serverAuth()`). */
export const HEADER_WELCOME_HTML = '<!--[--><!--[1--><header>Welcome, ada@example.com!</header><!--]--><!--]-->'

/** What the server renders for `Header.svelte` with `initialState: null`. */
export const HEADER_LOGIN_HTML = '<!--[--><!--[-1--><header>Login</header><!--]--><!--]-->'
