/**
 * What the server renders for `Header.svelte` (a server client is never ready):
 * `ssr.test.ts` checks it against `render()` from 'svelte/server', and
 * `hydration.test.ts` hydrates it in happy-dom.
 */
export const HEADER_SERVER_HTML = '<!--[--><!--[0--><header>Loading...</header><!--]--><!--]-->'
