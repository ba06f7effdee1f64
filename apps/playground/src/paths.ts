// Where the playground's files are. Kept apart from the server so that the
// page build (run by the e2e global setup) imports no server code.
import { fileURLToPath } from 'node:url'

/** The script-tag page, its script and styles. */
export const publicDir = fileURLToPath(new URL('../public', import.meta.url))
/** The script-tag build of @moon-key/core (`pnpm --filter @moon-key/core build:cdn`). */
export const sdkDir = fileURLToPath(new URL('../../../packages/core/dist/cdn', import.meta.url))

/** The React, Vue and Svelte pages, built by `buildPages()` (src/build-pages.ts). */
export const pagesDir = fileURLToPath(new URL('../dist/pages', import.meta.url))
export const FRAMEWORKS = ['react', 'vue', 'svelte'] as const
