// The URLs of the lazy files in the script-tag build (scripts/build-cdn.ts makes
// client.ts (modal, OAuth, cookies), login/wallet.ts and http.ts (API error answers) import `lazyUrl(file)` instead of their sources).
// A classic `<script>` from another origin without `crossorigin` resolves
// `import()` against about:blank, so the URL is taken from the script's own
// `src` while it runs (`document.currentScript` is only set then) and is
// absolute. In the ES-module build there is no current script, and a relative
// `import()` resolves against the module itself.
export const MODAL_FILE = 'moonkey-modal.js'
export const WALLET_FILE = 'moonkey-wallet.js'
export const OAUTH_FILE = 'moonkey-oauth.js'
export const API_ERROR_FILE = 'moonkey-api-error.js'
export const COOKIES_FILE = 'moonkey-cookies.js'

const script = typeof document == 'object' ? (document.currentScript as HTMLScriptElement | null) : null

export const lazyUrl = (file: string): string => (script?.src ? new URL(file, script.src).href : `./${file}`)
