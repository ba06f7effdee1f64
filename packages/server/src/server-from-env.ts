import { createMoonKeyServer } from './client.ts'
import type { MoonKeyServer, MoonKeyServerOptions } from './types.ts'

/** Options of the framework helpers: every server option, each defaulting to its environment variable. */
export type FrameworkServerOptions = Partial<MoonKeyServerOptions>

/** `process.env[name]` where there is a `process` (Node, Next.js's edge runtime), else undefined. */
function env(name: string): string | undefined {
  const process = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  const value = process?.env?.[name]
  return value === '' ? undefined : value
}

const servers = new Map<string, MoonKeyServer>()
const MAX_SERVERS = 16
const functionIds = new WeakMap<object, number>()
let nextFunctionId = 0
const functionId = (fn: object): number => {
  let id = functionIds.get(fn)
  if (id === undefined) functionIds.set(fn, (id = nextFunctionId++))
  return id
}

/**
 * The one server of this process for these options (created on first use, so
 * that importing the helpers at build time needs no secret): `secretKey`,
 * `apiUrl` and `appId` default to `MOONKEY_SECRET_KEY`, `MOONKEY_API_URL` and
 * `MOONKEY_APP_ID`.
 *
 * @example
 * const moonkey = serverFromEnv({ signInUrl: '/sign-in' })
 */
export function serverFromEnv(options: FrameworkServerOptions = {}): MoonKeyServer {
  const resolved = {
    ...options,
    secretKey: options.secretKey ?? env('MOONKEY_SECRET_KEY') ?? '',
    apiUrl: options.apiUrl ?? env('MOONKEY_API_URL'),
    appId: options.appId ?? env('MOONKEY_APP_ID'),
  } satisfies MoonKeyServerOptions
  const key = JSON.stringify(
    Object.entries(resolved)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => [name, typeof value === 'function' ? `fn${functionId(value)}` : value]),
  )
  let server = servers.get(key)
  if (!server) {
    if (servers.size >= MAX_SERVERS) servers.clear()
    servers.set(key, (server = createMoonKeyServer(resolved)))
  }
  return server
}
