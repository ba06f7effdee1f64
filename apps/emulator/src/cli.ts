import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from './db.ts'
import { rotateKeysInDb } from './keys.ts'
import { startEmulator, type RunningEmulator } from './emulator.ts'
import { DEFAULT_ALLOWED_ORIGINS, DEFAULT_REDIRECT_URLS } from './config.ts'

const HELP = `moonkey-emulator: a local MoonKey API for offline development and tests

Usage:
  moonkey-emulator [options]            start the emulator
  moonkey-emulator rotate-keys [--data] add a new signing key (the old one stays in the JWKS until its JWTs expire)

Options (environment variable in brackets):
  --port <n>               port, 0 = any free port (MOONKEY_EMULATOR_PORT, default 8787)
  --host <addr>            interface (MOONKEY_EMULATOR_HOST, default 127.0.0.1)
  --data <dir>             data directory, persists across restarts (MOONKEY_EMULATOR_DATA, default .moonkey)
  --memory                 keep everything in memory (MOONKEY_EMULATOR_MEMORY=1)
  --allowed-origin <o>     CORS origin, repeatable; ":*" = any port (MOONKEY_EMULATOR_ALLOWED_ORIGINS, comma-separated,
                           default ${DEFAULT_ALLOWED_ORIGINS.join(' and ')})
  --redirect-url <u>       allowed OAuth redirect URL, repeatable: an origin (any path, ":*" = any port) or a full URL
                           (that path only) (MOONKEY_EMULATOR_REDIRECT_URLS, comma-separated,
                           default ${DEFAULT_REDIRECT_URLS.join(' and ')})
  --jwt-lifetime <s>       session JWT lifetime in seconds (MOONKEY_EMULATOR_JWT_LIFETIME, default 300)
  --app-id <id>            (MOONKEY_EMULATOR_APP_ID, default app_test_emulator)
  --publishable-key <key>  (MOONKEY_EMULATOR_PUBLISHABLE_KEY, default pk_test_emulator)
  --secret-key <key>       (MOONKEY_EMULATOR_SECRET_KEY, default sk_test_emulator)
  --issuer-host <host>     JWT iss is <issuer-host>/<app-id> (MOONKEY_EMULATOR_ISSUER_HOST, default moonkey.fun)
  --sends-per-window <n>   OTP sends per email per window (MOONKEY_EMULATOR_SENDS_PER_WINDOW, default 5)
  --rate-window <s>        rate-limit window in seconds (MOONKEY_EMULATOR_RATE_WINDOW, default 60)
  --quiet                  do not print OTP emails (the dev mailbox still has them) (MOONKEY_EMULATOR_QUIET=1)
  -h, --help               this help
`

const env = process.env

function fail(message: string): never {
  process.stderr.write(`moonkey-emulator: ${message}\n`)
  process.exit(2)
}

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) fail(`${name} must be an integer ≥ ${min}, got "${value}"`)
  return n
}

let parsed
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      memory: { type: 'boolean' },
      'allowed-origin': { type: 'string', multiple: true },
      'redirect-url': { type: 'string', multiple: true },
      'jwt-lifetime': { type: 'string' },
      'app-id': { type: 'string' },
      'publishable-key': { type: 'string' },
      'secret-key': { type: 'string' },
      'issuer-host': { type: 'string' },
      'sends-per-window': { type: 'string' },
      'rate-window': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`)
}
const { values, positionals } = parsed
const command = positionals[0] ?? 'start'

if (values.help) {
  process.stdout.write(HELP)
  process.exit(0)
}
if (positionals.length > 1 || (command !== 'start' && command !== 'rotate-keys')) {
  fail(`unknown command "${positionals.join(' ')}"\n\n${HELP}`)
}

const dataDir = resolve(values.data ?? env.MOONKEY_EMULATOR_DATA ?? '.moonkey')
const flag = (value: boolean | undefined, name: string): boolean => value ?? ['1', 'true'].includes(env[name] ?? '')
const memory = flag(values.memory, 'MOONKEY_EMULATOR_MEMORY')
const quiet = flag(values.quiet, 'MOONKEY_EMULATOR_QUIET')
const jwtLifetimeSeconds = integer('--jwt-lifetime', values['jwt-lifetime'] ?? env.MOONKEY_EMULATOR_JWT_LIFETIME, 300, 1)

if (command === 'rotate-keys') {
  const db = openDatabase(dataDir)
  const kid = rotateKeysInDb(db, Math.floor(Date.now() / 1000), jwtLifetimeSeconds)
  db.close()
  process.stdout.write(`New signing key ${kid} in ${dataDir}. Older keys stay in the JWKS until the JWTs they signed expire.\n`)
  process.exit(0)
}

const listFromEnv = (name: string): string[] | undefined => env[name]?.split(',').map((o) => o.trim()).filter(Boolean)
let running: RunningEmulator
try {
  running = await startEmulator({
    port: integer('--port', values.port ?? env.MOONKEY_EMULATOR_PORT, 8787, 0),
    host: values.host ?? env.MOONKEY_EMULATOR_HOST ?? '127.0.0.1',
    ...(memory ? { memory: true } : { dataDir }),
    allowedOrigins: values['allowed-origin'] ?? listFromEnv('MOONKEY_EMULATOR_ALLOWED_ORIGINS') ?? DEFAULT_ALLOWED_ORIGINS,
    redirectUrls: values['redirect-url'] ?? listFromEnv('MOONKEY_EMULATOR_REDIRECT_URLS') ?? DEFAULT_REDIRECT_URLS,
    jwtLifetimeSeconds,
    appId: values['app-id'] ?? env.MOONKEY_EMULATOR_APP_ID,
    publishableKey: values['publishable-key'] ?? env.MOONKEY_EMULATOR_PUBLISHABLE_KEY,
    secretKey: values['secret-key'] ?? env.MOONKEY_EMULATOR_SECRET_KEY,
    issuerHost: values['issuer-host'] ?? env.MOONKEY_EMULATOR_ISSUER_HOST,
    ...(quiet ? { log: () => {} } : {}),
    rateLimit: {
      sendsPerWindow: integer('--sends-per-window', values['sends-per-window'] ?? env.MOONKEY_EMULATOR_SENDS_PER_WINDOW, 5, 1),
      windowSeconds: integer('--rate-window', values['rate-window'] ?? env.MOONKEY_EMULATOR_RATE_WINDOW, 60, 1),
    },
  })
} catch (error) {
  const code = (error as { code?: string }).code
  fail(code === 'EADDRINUSE' ? 'that port is already in use; pick another with --port' : `could not start: ${(error as Error).message}`)
}

// Stop handlers first: whoever reads the banner may signal at once.
let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    running.close().then(
      () => {
        process.stdout.write('MoonKey emulator stopped.\n')
        process.exit(0)
      },
      (error: unknown) => {
        process.stderr.write(`moonkey-emulator: error while stopping: ${String(error)}\n`)
        process.exit(1)
      },
    )
  })
}

process.stdout.write(
  [
    `MoonKey emulator running at ${running.url}`,
    `  app id           ${running.appId}`,
    `  publishable key  ${running.publishableKey}`,
    `  secret key       ${running.secretKey}`,
    `  issuer           ${running.issuer}`,
    `  data             ${memory ? 'in memory (lost on exit)' : dataDir}`,
    `  dev mailbox      ${running.url}/emulator`,
    '',
  ].join('\n'),
)
