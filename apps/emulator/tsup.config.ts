import { writeFile } from 'node:fs/promises'
import { build } from 'esbuild'
import { defineConfig } from 'tsup'
import { TEST_WALLET_BANNER, testWalletBuild } from './src/test-wallet/build-options.ts'

// The published package: the library (with types) and the `moonkey-emulator` bin,
// compiled for plain Node (dependencies stay external). The workspace runs the
// TypeScript sources instead (`moonkey-source` condition, bin/ launchers via tsx).
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // Only the repository bundles the test wallet from sources; the package ships it prebuilt.
  external: ['esbuild'],
  // The MoonKey Test Wallet's browser script, prebuilt so the package needs no bundler.
  async onSuccess() {
    const result = await build(testWalletBuild('src/test-wallet/browser.ts'))
    await writeFile('dist/test-wallet.js', TEST_WALLET_BANNER + result.outputFiles[0]!.text)
  },
})
