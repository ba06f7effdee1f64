import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

export interface Example {
  name: 'nextjs' | 'sveltekit'
  /** How the built app starts: the command line under its directory. */
  command(port: number): string[]
}

const exampleDir = (name: Example['name']) => fileURLToPath(new URL(`../../../examples/${name}/`, import.meta.url))

export const EXAMPLES: Example[] = [
  {
    name: 'nextjs',
    command: (port) => [
      createRequire(exampleDir('nextjs')).resolve('next/dist/bin/next'),
      'start',
      '--hostname',
      '127.0.0.1',
      '--port',
      String(port),
    ],
  },
  { name: 'sveltekit', command: () => ['build/index.js'] },
]

export interface RunningExample {
  url: string
  /** Everything the server printed, for failure messages. */
  output(): string
  close(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Starts a built example on a free 127.0.0.1 port, configured for `emulator`, and waits until it answers. */
export async function startExample(
  example: Example,
  emulator: { url: string; publishableKey: string; secretKey: string; appId: string },
): Promise<RunningExample> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    MOONKEY_API_URL: emulator.url,
    MOONKEY_SECRET_KEY: emulator.secretKey,
    MOONKEY_APP_ID: emulator.appId,
    MOONKEY_PUBLISHABLE_KEY: emulator.publishableKey,
    PUBLIC_MOONKEY_API_URL: emulator.url,
    PUBLIC_MOONKEY_PUBLISHABLE_KEY: emulator.publishableKey,
    // adapter-node
    HOST: '127.0.0.1',
    PORT: String(port),
    ORIGIN: url,
  }
  const child: ChildProcess = spawn(process.execPath, example.command(port), {
    cwd: exampleDir(example.name),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill()
    await exited
  }
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${example.name} exited:\n${output}`)
    try {
      await fetch(`${url}/sign-in`, { redirect: 'manual' })
      return { url, output: () => output, close }
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  await close()
  throw new Error(`${example.name} did not start on ${url}:\n${output}`)
}
