// The login modal's URL in the script-tag build (scripts/build-cdn.ts makes
// client.ts import `modalUrl` instead of './modal/index.ts'). A classic
// `<script>` from another origin without `crossorigin` resolves `import()`
// against about:blank, so the URL is taken from the script's own `src` while
// it runs (`document.currentScript` is only set then) and is absolute. In the
// ES-module build there is no current script, and a relative `import()`
// resolves against the module itself.
export const MODAL_FILE = 'moonkey-modal.js'

const script = typeof document == 'object' ? (document.currentScript as HTMLScriptElement | null) : null

export const modalUrl: string = script?.src ? new URL(MODAL_FILE, script.src).href : `./${MODAL_FILE}`
