import type { BuildOptions } from 'esbuild'

/** How the MoonKey Test Wallet's browser script is bundled (at package build, or from sources on first use). */
export const testWalletBuild = (entry: string): BuildOptions & { write: false } => ({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  legalComments: 'none',
  write: false,
  logLevel: 'silent',
})

export const TEST_WALLET_BANNER =
  '/* MoonKey Test Wallet: a development tool of the MoonKey emulator. Never use it in production. */\n'
