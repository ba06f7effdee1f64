/**
 * The core's eager bundle as issue 12 defines it: an app that creates the
 * client, reads the session tokens, logs in with an email code and logs out,
 * bundled with every dependency by `esbuild --bundle --splitting --minify`
 * (ES modules), counted as the brotli-11 bytes of the entry file and every
 * chunk it imports statically (lazy `import()` chunks are not eager).
 *
 * Printed next to it: the deps-alone floor (the same command over an app that
 * imports only what the core imports from nanostores, idb-keyval and ky), our
 * share (the difference), the 8.0 KB aim, and per module its minified bytes
 * and its marginal brotli bytes (how much the eager bytes shrink without that
 * module's code: cross-module redundancy included, so the column does not add
 * up to the total).
 *
 * `pnpm --filter @moon-key/core size:eager` (from source, no build needed);
 * `--json` prints the figures as JSON.
 */
import { build, transform, type Metafile } from 'esbuild'
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants } from 'node:zlib'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The aim of issue 12 for the eager bytes, with ky kept. */
export const AIM = 8_000

/** What an app does with the core on the eager path. */
export const APP = `import { createMoonKey } from ${JSON.stringify(`${root}src/index.ts`)}
const moonkey = createMoonKey({ publishableKey: 'pk_test_size' })
moonkey.$state.subscribe(console.log)
console.log(await moonkey.getSessionTokens())
await moonkey.sendCode({ email: 'ada@example.com' })
await moonkey.loginWithCode({ code: '123456' })
await moonkey.logout()
`

/** The same app's imports of the three dependencies, and nothing of ours. */
export const DEPS_ALONE = `import { atom } from 'nanostores'
import { promisifyRequest } from 'idb-keyval'
import ky, { HTTPError, TimeoutError } from 'ky'
console.log(atom, promisifyRequest, ky, HTTPError, TimeoutError)
`

export const brotli = (code: string | Uint8Array): number =>
  brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length

export interface EagerSize {
  /** Brotli bytes of the eager files, summed. */
  brotli: number
  /** Minified bytes of the eager files. */
  minified: number
  /** How many files load eagerly (the entry and its static chunks). */
  files: number
  /** Minified bytes in the eager files, by module (a dependency counts as one module). */
  modules: Record<string, number>
}

const moduleName = (input: string): string => {
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input)
  return dep ? dep[1]! : input.replace(/^.*?\bsrc\//, 'src/')
}

const bundle = async (contents: string, minifyWhitespace = true) => {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    minifyIdentifiers: true,
    minifySyntax: true,
    minifyWhitespace,
    // As `--minify` does: ky's licence comment at the end (the marginal build drops it).
    legalComments: minifyWhitespace ? 'eof' : 'none',
    // The sources, as the workspace's apps use them (dist/ is their tsup build).
    conditions: ['moonkey-source'],
    // From the package, wherever it runs: the chunks' file names hash paths relative to it.
    absWorkingDir: root,
    outdir: resolve(root, 'node_modules/.cache/eager-size'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const { outputs } = result.metafile as Metafile
  // The app itself: each lazy `import()` is an entry point of its own too.
  const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'app.ts')!
  const eager = new Set<string>()
  const walk = (path: string): void => {
    if (eager.has(path)) return
    eager.add(path)
    for (const { path: next, kind } of outputs[path]!.imports) if (kind === 'import-statement') walk(next)
  }
  walk(entry)
  const files = result.outputFiles.filter((file) => eager.has(relative(root, file.path)))
  const modules: Record<string, number> = {}
  for (const path of eager) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path]!.inputs)) {
      if (bytesInOutput) modules[moduleName(input)] = (modules[moduleName(input)] ?? 0) + bytesInOutput
    }
  }
  return { files, modules }
}

/** Measures the eager bytes of `app` (by default the core's eager app). */
export const measureEager = async (app = APP): Promise<EagerSize> => {
  const { files, modules } = await bundle(app)
  return {
    brotli: files.reduce((sum, file) => sum + brotli(file.contents), 0),
    minified: files.reduce((sum, file) => sum + file.contents.length, 0),
    files: files.length,
    modules,
  }
}

/**
 * Per module, how many brotli bytes the eager files lose without its code:
 * the unminified-whitespace build keeps esbuild's `// path` comment before each
 * module's code, so each module's part can be cut out and the rest minified
 * and compressed again (it need not run, only compress like the real thing).
 */
export const marginalBrotli = async (app = APP): Promise<Record<string, number>> => {
  const { files } = await bundle(app, false)
  const parts: { module: string; code: string }[] = []
  for (const file of files) {
    let module = '(chunk glue)'
    for (const piece of file.text.split(/^(\/\/ \S+\.[cm]?[jt]sx?)$/m)) {
      if (/^\/\/ /.test(piece) && !piece.includes('\n')) module = moduleName(piece.slice(3))
      else parts.push({ module, code: piece })
    }
    parts.push({ module: '(file end)', code: '\n/*file*/\n' })
  }
  const squeeze = async (keep: (module: string) => boolean): Promise<number> => {
    let sum = 0
    for (const text of parts.filter((p) => keep(p.module)).map((p) => p.code).join('').split('\n/*file*/\n')) {
      if (text.trim()) sum += brotli((await transform(text, { minifyWhitespace: true, format: 'esm', legalComments: 'none' })).code)
    }
    return sum
  }
  const all = await squeeze(() => true)
  const result: Record<string, number> = {}
  for (const module of new Set(parts.map((p) => p.module))) {
    if (!module.startsWith('(')) result[module] = all - (await squeeze((m) => m !== module))
  }
  return result
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(2)} kB`

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [ours, floor, marginal] = await Promise.all([measureEager(), measureEager(DEPS_ALONE), marginalBrotli()])
  const own = ours.brotli - floor.brotli
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ eager: ours, floor: floor.brotli, own, aim: AIM, marginal }, null, 2))
  } else {
    console.log(`Core eager bundle (createMoonKey + getSessionTokens + email login + logout, esbuild --bundle --splitting --minify, brotli 11)`)
    console.log(`  eager:            ${kB(ours.brotli)} in ${ours.files} file(s), ${kB(ours.minified)} minified`)
    console.log(`  deps-alone floor: ${kB(floor.brotli)} (nanostores + idb-keyval + ky ${'1.14'}, what the core imports of them)`)
    console.log(`  ours:             ${kB(own)} (eager − floor)`)
    console.log(`  aim (issue 12):   ≤ ${kB(AIM)} eager, so ours ≤ ${kB(AIM - floor.brotli)}: ${ours.brotli <= AIM ? 'met' : `not met, ${kB(ours.brotli - AIM)} over`}`)
    console.log('\n  module                         minified  marginal brotli')
    const rows = Object.entries(ours.modules).sort((a, b) => b[1] - a[1])
    for (const [module, bytes] of rows) {
      console.log(`  ${module.padEnd(30)} ${String(bytes).padStart(8)}  ${String(marginal[module] ?? '').padStart(15)}`)
    }
  }
}

