import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TEST_WALLET_BANNER, testWalletBuild } from './test-wallet/build-options.ts'

/** Built by the package's build (tsup.config.ts) next to the compiled emulator. */
const prebuilt = join(import.meta.dirname, 'test-wallet.js')
const entry = join(import.meta.dirname, 'test-wallet', 'browser.ts')
let script: Promise<string> | undefined

/** Bundles the wallet from its sources (in the repository, where esbuild is a dev dependency). */
const bundle = async (): Promise<string> => {
  const { build } = await import('esbuild')
  const result = await build(testWalletBuild(entry))
  return TEST_WALLET_BANNER + result.outputFiles[0]!.text
}

/**
 * The browser script of the MoonKey Test Wallet (a development tool): the file
 * the package build made, or bundled from the sources on first use; then kept
 * in memory.
 *
 * @example
 * app.get('/emulator/test-wallet.js', async (c) => c.body(await testWalletScript()))
 */
export function testWalletScript(): Promise<string> {
  script ??= (existsSync(prebuilt) ? readFile(prebuilt, 'utf8') : bundle()).catch((error: unknown) => {
    script = undefined
    throw error
  })
  return script
}
