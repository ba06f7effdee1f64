// Run by the e2e global setup in a child process, so the Vite and esbuild
// builds leave nothing behind in Vitest's own process.
import { buildCdn } from '../../../packages/core/scripts/build-cdn.ts'
import { buildPages } from '../src/build-pages.ts'

await buildCdn()
await buildPages()
