import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../..', import.meta.url))

/** A package or app to build: its directory, what it builds from and what it builds. */
interface Target {
  dir: string
  inputs: string[]
  output: string
  build: string[]
}

const pnpm = ['-y', 'pnpm@10']
/** The packages the examples use (in dependency order, which pnpm keeps anyway). */
const PACKAGES = ['core', 'react', 'svelte', 'server']

// The examples import the packages' dist/ files, as an app installing them
// from npm does (Next's and SvelteKit's server builds resolve packages with
// Node's own conditions, and Turbopack has no option for a custom one).
const TARGETS: Target[] = [
  {
    dir: 'packages',
    inputs: PACKAGES.map((name) => `packages/${name}`),
    output: 'packages/server/dist/index.js',
    build: [...pnpm, ...PACKAGES.flatMap((name) => ['--filter', `./packages/${name}`]), 'build'],
  },
  {
    dir: 'apps/examples/nextjs',
    inputs: ['apps/examples/nextjs', 'packages/server/dist', 'packages/react/dist', 'packages/core/dist'],
    output: 'apps/examples/nextjs/.next/BUILD_ID',
    build: [...pnpm, '--filter', '@moon-key/example-nextjs', 'build'],
  },
  {
    dir: 'apps/examples/sveltekit',
    inputs: ['apps/examples/sveltekit', 'packages/server/dist', 'packages/svelte/dist', 'packages/core/dist'],
    output: 'apps/examples/sveltekit/build/index.js',
    build: [...pnpm, '--filter', '@moon-key/example-sveltekit', 'build'],
  },
]

// Build outputs, and files the builds themselves write.
const SKIP = new Set(['node_modules', 'dist', '.next', '.svelte-kit', 'build', 'next-env.d.ts', 'tsconfig.tsbuildinfo'])

/** The newest modification time of a file under `path` (build outputs and node_modules aside). */
function newest(path: string): number {
  if (!existsSync(path)) return Infinity
  const stats = statSync(path)
  if (!stats.isDirectory()) return stats.mtimeMs
  let max = 0
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) max = Math.max(max, newest(join(path, entry)))
  }
  return max
}

/**
 * Builds the packages, then both examples for production, each only when its
 * inputs changed since its last build (so a second run starts at once).
 */
export function buildExamples(): void {
  for (const target of TARGETS) {
    const output = join(root, target.output)
    const builtAt = existsSync(output) ? statSync(output).mtimeMs : -Infinity
    const changedAt = Math.max(...target.inputs.map((input) => newest(join(root, input))))
    if (changedAt < builtAt) continue
    const started = Date.now()
    const result = spawnSync('npx', target.build, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    })
    if (result.status !== 0) throw new Error(`Building ${target.dir} failed:\n${result.stdout}\n${result.stderr}`)
    console.log(`built ${target.dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
}
