import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { run } from './processes.ts'

export const workspace = fileURLToPath(new URL('../../../', import.meta.url))

/** Every publishable package of the workspace (the rest is private). */
export const PACKAGES = ['packages/core', 'packages/react', 'packages/vue', 'packages/svelte', 'packages/server', 'apps/emulator']

/** pnpm as this run was started (`npx -y pnpm@10 test` sets npm_execpath), else through npx. */
function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath
  if (execPath && /pnpm\.c?js$/.test(execPath)) return [process.execPath, [execPath]]
  return ['npx', ['-y', 'pnpm@10']]
}

export interface Tarball {
  dir: string
  name: string
  file: string
}

/**
 * Packs one package into `into`, from a state without dist/ (as right after a
 * fresh install), so only its prepack build can fill the tarball.
 */
export async function pack(dir: string, into: string): Promise<Tarball> {
  const cwd = join(workspace, dir)
  const { name, version } = JSON.parse(await readFile(join(cwd, 'package.json'), 'utf8')) as { name: string; version: string }
  await rm(join(cwd, 'dist'), { recursive: true, force: true })
  const [command, prefix] = pnpm()
  await run(command, [...prefix, 'pack', '--pack-destination', into], { cwd })
  return { dir, name, file: join(into, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`) }
}

/** Runs `work` on each item with at most `limit` at a time (the machine has few cores). */
export async function eachLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** The file names in a tarball, without npm's `package/` prefix. */
export async function listTarball(file: string): Promise<string[]> {
  const out = await run('tar', ['-tzf', file], { cwd: workspace })
  return out.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''))
}

/** One file of a tarball, as text. */
export function readFromTarball(file: string, path: string): Promise<string> {
  return run('tar', ['-xzOf', file, `package/${path}`], { cwd: workspace })
}
