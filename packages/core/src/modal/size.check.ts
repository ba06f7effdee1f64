// Size check for the modal chunk: `node src/modal/size.check.ts` (Node ≥ 22.6) or
// `pnpm tsx src/modal/size.check.ts` from packages/core. Budget: 8 KB brotli.
import { build } from 'esbuild'
import { brotliCompressSync, constants } from 'node:zlib'

const BUDGET = 8 * 1024
const result = await build({
  entryPoints: [new URL('./index.ts', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  write: false,
})
const code = result.outputFiles[0]!.contents
const brotli = brotliCompressSync(code, {
  params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
}).length
console.log(`modal chunk: ${code.length} B minified, ${brotli} B brotli (budget ${BUDGET} B)`)
if (brotli > BUDGET) process.exitCode = 1
