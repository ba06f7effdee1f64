import { build } from 'esbuild'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'

const here = new URL('.', import.meta.url).pathname

/**
 * The eager bytes of `bundles/NAME.ts`, built with one command for every SDK:
 * `esbuild --bundle --splitting --minify --format=esm` (browser platform), then
 * brotli 11 of the entry chunk and each chunk it imports statically (chunks
 * only reached by `import()` load later and are counted as lazy).
 *
 * @example
 * const { eager } = await bundleSize('moonkey') // brotli bytes
 */
export const bundleSize = async (name: string): Promise<{ eager: number; lazy: number }> => {
  const outdir = await mkdtemp(join(tmpdir(), `bench-peers-${name}-`))
  try {
    const result = await build({
      entryPoints: [join(here, 'bundles', `${name}.ts`)],
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      // Workspace packages from source, like the rest of the bench.
      conditions: ['moonkey-source'],
      outdir,
      metafile: true,
      logLevel: 'silent',
    })
    const outputs = result.metafile.outputs
    const brotli = async (file: string): Promise<number> =>
      brotliCompressSync(await readFile(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
    const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint)!
    const eagerFiles = new Set<string>()
    const walk = (file: string): void => {
      if (eagerFiles.has(file)) return
      eagerFiles.add(file)
      for (const next of outputs[file]!.imports) if (next.kind === 'import-statement' && !next.external) walk(next.path)
    }
    walk(entry)
    let eager = 0
    let lazy = 0
    for (const file of Object.keys(outputs).filter((f) => f.endsWith('.js'))) {
      const bytes = await brotli(file)
      if (eagerFiles.has(file)) eager += bytes
      else lazy += bytes
    }
    return { eager, lazy }
  } finally {
    await rm(outdir, { recursive: true, force: true })
  }
}
