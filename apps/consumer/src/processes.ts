import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

const children = new Set<ChildProcess>()

// Each child leads its own process group (npx and npm start grandchildren), so
// stopping it stops them all; if this process exits first, they go with it.
function killGroup(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {
    // already gone
  }
}
process.once('exit', () => children.forEach(killGroup))

export interface Options {
  cwd: string
  env?: Record<string, string | undefined>
}

// What a user's shell has: none of the variables that pnpm and Vitest set for
// this run (npm_config_*, NODE_ENV=test, VITEST…), which would change how npm,
// Vite and the apps behave.
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|vitest|node_env$|test$|node_options$)/i.test(key)),
)

function launch(command: string, args: string[], { cwd, env }: Options): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, { cwd, env: { ...userEnv, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => void (out += chunk))
  child.stderr!.on('data', (chunk: Buffer) => void (out += chunk))
  return { child, output: () => out }
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: string[], options: Options): Promise<string> {
  const { child, output } = launch(command, args, options)
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) =>
      code === 0 ? resolve(output()) : reject(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited ${code}:\n${output()}`)),
    )
  })
}

export interface Service {
  /** The first capture group of `ready` in the output (e.g. the URL). */
  match: string
  output: () => string
  stop: () => Promise<void>
}

/** Starts a long-running command and waits until its output matches `ready`. */
export function start(command: string, args: string[], options: Options, ready: RegExp): Promise<Service> {
  const { child, output } = launch(command, args, options)
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const stop = () => (killGroup(child), exited)
  return new Promise((resolve, reject) => {
    const onData = () => {
      const found = ready.exec(output())
      if (!found) return
      child.stdout!.off('data', onData)
      resolve({ match: found[1] ?? found[0], output, stop })
    }
    child.stdout!.on('data', onData)
    void exited.then(() => reject(new Error(`${command} ${args.join(' ')} exited before it was ready:\n${output()}`)))
  })
}

/** A free port on 127.0.0.1, for servers that print their configured port rather than the bound one. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Listens on a free port of 127.0.0.1; returns the origin and a stop function. */
export async function listen(server: Server): Promise<{ origin: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}
