// @vitest-environment node
import { build } from 'esbuild'
import { brotliCompressSync, constants } from 'node:zlib'
import { describe, expect, it } from 'vitest'

// The modal ships as its own lazily loaded chunk (issue 4): at most 8 KB brotli.
const BUDGET = 8 * 1024

describe('modal chunk size', () => {
  it(`is at most ${BUDGET} bytes minified + brotli`, async () => {
    const result = await build({
      entryPoints: [new URL('./index.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]!.contents
    const size = brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
    }).length
    console.log(`modal chunk: ${code.length} B minified, ${size} B brotli`)
    expect(size).toBeLessThanOrEqual(BUDGET)
  })
})
