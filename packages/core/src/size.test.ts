// @vitest-environment node
import { build as esbuild } from 'esbuild'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'
import { build as tsup, type Options } from 'tsup'
import { describe, expect, it } from 'vitest'

import config from '../tsup.config.ts'

const root = new URL('..', import.meta.url).pathname
/** What size-limit subtracts for the import wrapper of an empty esbuild project. */
const EMPTY_IMPORT_BROTLI = 30

/**
 * Measures `import { createMoonKey } from '@moon-key/core'` the way
 * `pnpm size` does (size-limit's esbuild + brotli 11 over the tsup build),
 * without type declarations so it stays fast.
 */
const measure = async (): Promise<number> => {
  // Inside the package, so the dependencies resolve as they do for dist/.
  await mkdir(join(root, 'node_modules/.cache'), { recursive: true })
  const outDir = await mkdtemp(join(root, 'node_modules/.cache/size-'))
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
  try {
    await tsup({
      ...(config as Options),
      config: false,
      entry: [join(root, 'src/index.ts')],
      external: Object.keys(pkg.dependencies),
      dts: false,
      clean: false,
      outDir,
      silent: true,
    })
    const result = await esbuild({
      stdin: {
        contents: `import { createMoonKey } from ${JSON.stringify(join(outDir, 'index.js'))}\nconsole.log(createMoonKey)\n`,
        resolveDir: root,
      },
      bundle: true,
      minifyIdentifiers: true,
      minifySyntax: true,
      minifyWhitespace: true,
      treeShaking: true,
      // Eager bytes only: the login modal is a dynamic import (see .size-limit.js).
      plugins: [
        {
          name: 'eager-only',
          setup(b) {
            b.onResolve({ filter: /.*/ }, (args) =>
              args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
            )
          },
        },
      ],
      write: false,
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]!.contents
    const brotli = brotliCompressSync(code, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    })
    return brotli.length - EMPTY_IMPORT_BROTLI
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}

describe('size', () => {
  it('matches the figure stated in the README, within the 10.25 KB budget', async () => {
    const bytes = await measure()
    const readme = await readFile(join(root, 'README.md'), 'utf8')
    const stated = /costs \*\*([\d.]+) kB\*\*/.exec(readme)?.[1]
    expect(stated, 'README states the size').toBeDefined()
    // size-limit's own esbuild setup lands within a few bytes of this measure.
    expect(Math.abs(bytes / 1000 - Number(stated))).toBeLessThanOrEqual(0.02)
    expect(bytes).toBeLessThanOrEqual(10_250)
  }, 20_000)
})
