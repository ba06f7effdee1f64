import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CHROMIUM } from './browser.ts'

/**
 * Before the browser suites: make sure Debian's Chromium is there (installing
 * it with apt when we are root, as on CI and a fresh machine), and build the
 * script-tag SDK and the framework pages the playground serves.
 */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    const isRoot = process.getuid?.() === 0
    if (!isRoot || !existsSync('/usr/bin/apt-get')) {
      throw new Error(
        `End-to-end tests need Chromium at ${CHROMIUM}. Install it (Debian/Ubuntu: ` +
          '`sudo apt-get install -y chromium`) or set CHROMIUM_PATH.',
      )
    }
    console.log('Installing Debian chromium for the end-to-end tests…')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
  }
  // The script-tag SDK and the React, Vue and Svelte pages, built in a child
  // process (tsx, with the workspace's source condition).
  execFileSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=moonkey-source', fileURLToPath(new URL('./build-assets.ts', import.meta.url))],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' },
  )
}
