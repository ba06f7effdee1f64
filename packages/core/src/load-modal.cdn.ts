// The script-tag build's `loadModal` (scripts/build-cdn.ts swaps it in for
// load-modal.ts). A classic `<script>` from another origin without `crossorigin`
// resolves `import()` against about:blank, so the modal's URL is taken from
// the script's own `src` while it runs (`document.currentScript` is only set
// then) and imported as an absolute URL. In the ES-module build there is no
// current script, and a relative `import()` resolves against the module itself.
import type * as Modal from './modal/index.ts'

export const MODAL_FILE = 'moonkey-modal.js'

const script = typeof document == 'object' ? (document.currentScript as HTMLScriptElement | null) : null
const url = script?.src ? new URL(MODAL_FILE, script.src).href : `./${MODAL_FILE}`

export const loadModal = (): Promise<typeof Modal> => import(/* @vite-ignore */ url)
