import { join } from 'node:path'
import { build } from 'esbuild'

const entry = join(import.meta.dirname, 'test-wallet', 'browser.ts')
let script: Promise<string> | undefined

/**
 * The browser script of the MoonKey Test Wallet (a development tool): bundled
 * with esbuild on first use, then kept in memory.
 *
 * @example
 * app.get('/emulator/test-wallet.js', async (c) => c.body(await testWalletScript()))
 */
export function testWalletScript(): Promise<string> {
  script ??= build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  }).then(
    (result) => `/* MoonKey Test Wallet: a development tool of the MoonKey emulator. Never use it in production. */\n${result.outputFiles[0]!.text}`,
    (error: unknown) => {
      script = undefined
      throw error
    },
  )
  return script
}
