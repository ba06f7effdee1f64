/**
 * What a user does, from tarballs only, outside the workspace: pack every
 * package, lint the tarballs, install them from the npm registry into fresh
 * apps in a temporary directory (no workspace link, no `moonkey-source`
 * condition can help), build the apps for production and log in through real
 * Chromium against the packed emulator.
 */
import { cp, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../playground/e2e/browser.ts'
import { freePort, listen, run, start, type Service } from './processes.ts'
import { eachLimited, listTarball, pack, PACKAGES, readFromTarball, workspace, type Tarball } from './tarballs.ts'

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url))
const attw = fileURLToPath(new URL('../node_modules/.bin/attw', import.meta.url))
const REPOSITORY = 'https://github.com/moon-key/moonkey-js'

let tmp: string
let tarballs: Tarball[]
let installs: Promise<[string, string]>
let emulator: Service & { url: string }
let browser: Browser
const cleanups: (() => Promise<unknown>)[] = []

const tarball = (name: string): string => {
  const found = tarballs.find((t) => t.name === name)
  if (!found) throw new Error(`no tarball for ${name}`)
  return found.file
}

/**
 * Copies a fixture app into the temp dir and installs it with npm, the
 * MoonKey packages from their tarballs (`overrides` makes the bindings' own
 * dependency on @moon-key/core take the tarball too, never the registry).
 */
async function installApp(fixture: string, packages: string[], devPackages: string[] = []): Promise<string> {
  const dir = join(tmp, fixture)
  await cp(join(fixtures, fixture), dir, { recursive: true })
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
  const spec = (name: string) => `file:${tarball(name)}`
  manifest.dependencies = { ...manifest.dependencies, ...Object.fromEntries(packages.map((p) => [p, spec(p)])) }
  manifest.devDependencies = { ...manifest.devDependencies, ...Object.fromEntries(devPackages.map((p) => [p, spec(p)])) }
  manifest.overrides = { '@moon-key/core': '$@moon-key/core' }
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2))
  // A cache of its own: nothing from earlier runs or this machine's npm cache.
  await run('npm', ['install', '--no-audit', '--no-fund', '--cache', join(tmp, 'npm-cache')], { cwd: dir })
  return dir
}

async function codeFor(email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${emulator.url}/emulator/v1/mailbox?email=${encodeURIComponent(email)}`)
    const { messages } = (await res.json()) as { messages: { code: string }[] }
    const code = messages.at(-1)?.code
    if (code) return code
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the emulator's mailbox has no code for ${email}`)
}

/** The login modal's shadow DOM is open: Playwright's CSS selectors pierce it. */
const modal = (page: Page, selector = '') => page.locator(`moonkey-login-modal ${selector}`.trim())

async function logInThroughModal(page: Page, email: string): Promise<string> {
  await page.getByTestId('logged-out').waitFor()
  await page.getByRole('button', { name: 'Log in' }).click()
  await modal(page, 'input[name="email"]').fill(email)
  await modal(page, 'input[name="email"]').press('Enter')
  await modal(page, 'input[name="code"]').fill(await codeFor(email))
  await page.getByTestId('welcome').waitFor()
  expect(await page.getByTestId('welcome').textContent()).toBe(`Welcome, ${email}!`)
  await modal(page).waitFor({ state: 'detached' })
  const userId = (await page.getByTestId('user-id').textContent()) ?? ''
  expect(userId).toMatch(/^user_/)
  return userId
}

/** Clicks a backend button and returns the answer the page shows (the frameworks own that text: read, never write it). */
async function callBackend(page: Page, kind: 'token' | 'jwt'): Promise<string> {
  const result = page.getByTestId('result')
  const before = await result.textContent()
  await page.getByRole('button', { name: kind === 'token' ? 'Call backend with session token' : 'Call backend with session JWT' }).click()
  await page.waitForFunction((shown) => document.querySelector('[data-testid="result"]')?.textContent !== shown, before)
  return (await result.textContent()) ?? ''
}

/** The whole user journey on a served app: login, backend (token and JWT), reload, logout. */
async function walkApp(url: string, email: string): Promise<void> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(url)
    const userId = await logInThroughModal(page, email)
    expect(await callBackend(page, 'token')).toBe(`200 {"message":"Success","userId":"${userId}","via":"session_token"}`)
    expect(await callBackend(page, 'jwt')).toBe(`200 {"message":"Success","userId":"${userId}","via":"session_jwt"}`)
    await page.reload()
    await page.getByTestId('welcome').waitFor()
    expect(await page.getByTestId('user-id').textContent()).toBe(userId)
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByTestId('logged-out').waitFor()
    await page.reload()
    await page.getByTestId('logged-out').waitFor()
  } finally {
    await context.close()
  }
}

beforeAll(async () => {
  tmp = await realpath(await mkdtemp(join(tmpdir(), 'moonkey-consumer-')))
  const into = join(tmp, 'tarballs')
  await mkdir(into)
  tarballs = await eachLimited(PACKAGES, 2, (dir) => pack(dir, into))
  // Both installs go on (network) while the tarballs are linted (CPU).
  installs = Promise.all([
    installApp('react-app', ['@moon-key/react-auth', '@moon-key/core', '@moon-key/server'], ['@moon-key/emulator']),
    installApp('sveltekit-app', ['@moon-key/svelte-auth', '@moon-key/core', '@moon-key/server']),
  ])
  installs.catch(() => {}) // awaited by the tests that need it
  browser = await launchChromium()
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  await emulator?.stop()
  await browser?.close()
  await installs?.catch(() => {})
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

describe('the tarballs', () => {
  it('each builds itself when packed and ships LICENSE, README, metadata, source maps and nothing else', async () => {
    for (const { name, file } of tarballs) {
      const files = await listTarball(file)
      expect(files, name).toContain('LICENSE')
      expect(files, name).toContain('README.md')
      expect(files.some((f) => f.endsWith('.js.map')), `${name} has source maps`).toBe(true)
      expect(files.filter((f) => /(^src\/|\.test\.|test-utils|bench|tsconfig)/.test(f)), name).toEqual([])
      expect(files.some((f) => f.startsWith('dist/index.') && f.endsWith('.d.ts')), `${name} has types`).toBe(true)

      const manifest = JSON.parse(await readFromTarball(file, 'package.json'))
      expect(manifest.private, name).toBeUndefined()
      expect(manifest.license, name).toBe('MIT')
      expect(manifest.repository?.url, name).toBe(`git+${REPOSITORY}.git`)
      expect(manifest.homepage, name).toMatch(new RegExp(`^${REPOSITORY}/`))
      expect(manifest.engines?.node, name).toBeTruthy()
      expect(manifest.types, name).toBe('./dist/index.d.ts')
      expect(manifest.exports['./package.json'], name).toBe('./package.json')
      expect(JSON.stringify(manifest.exports), `${name} exports no moonkey-source`).not.toContain('moonkey-source')
      expect(JSON.stringify(manifest), `${name} has no workspace: ranges`).not.toContain('workspace:')
      expect(await readFromTarball(file, 'LICENSE'), name).toMatch(/^MIT License/)
    }
    const core = tarballs.find((t) => t.name === '@moon-key/core')!
    const coreManifest = JSON.parse(await readFromTarball(core.file, 'package.json'))
    expect(coreManifest.exports['./cdn/*']).toBe('./dist/cdn/*')
    expect(await listTarball(core.file)).toEqual(expect.arrayContaining(['dist/cdn/moonkey.global.js', 'dist/cdn/moonkey.esm.js']))
  })

  it('each passes publint --strict', async () => {
    for (const { name, file } of tarballs) {
      const bytes = await readFile(file)
      const tgz = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
      const { messages, pkg } = await publint({ pack: { tarball: tgz }, strict: true })
      expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`), name).toEqual([])
    }
  })

  it('each passes attw --profile esm-only', async () => {
    await eachLimited(tarballs, 2, ({ file }) => run(attw, [file, '--profile', 'esm-only', '--format', 'ascii'], { cwd: tmp }))
  })

  it("each README's links work from its npm page (absolute, and into files that exist)", async () => {
    for (const { name, file } of tarballs) {
      const readme = await readFromTarball(file, 'README.md')
      const links = [...readme.matchAll(/\]\(([^)\s]+)\)|href="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!)
      for (const link of links) {
        if (link.startsWith('#')) continue
        expect(link, `${name}: ${link}`).toMatch(/^https?:\/\//)
        const inRepo = link.startsWith(`${REPOSITORY}/blob/main/`) || link.startsWith(`${REPOSITORY}/tree/main/`)
        if (inRepo) expect(existsSync(join(workspace, link.slice(REPOSITORY.length + 11).split('#')[0]!)), `${name}: ${link}`).toBe(true)
      }
    }
  })
})

describe('installed from the tarballs into fresh apps', () => {
  beforeAll(async () => {
    const [reactApp] = await installs
    // As the emulator README says: a dev dependency, run with npx.
    const service = await start('npx', ['moonkey-emulator', '--memory', '--port', '0', '--quiet'], { cwd: reactApp }, /running at (http:\/\/\S+)/)
    emulator = { ...service, url: service.match }
  })

  it('TypeScript finds every entry point under moduleResolution node, node16 and bundler; the root README backend snippet compiles', async () => {
    const dir = join(tmp, 'react-app')
    const readme = await readFile(join(workspace, 'README.md'), 'utf8')
    const snippet = /```ts\n(\/\/ Your backend[\s\S]*?)```/.exec(readme)?.[1]
    expect(snippet).toBeTruthy()
    await mkdir(join(dir, 'types'))
    await writeFile(join(dir, 'types', 'readme-backend.ts'), snippet!)
    await writeFile(
      join(dir, 'types', 'entry-points.ts'),
      [
        "import { createMoonKey, type SessionTokens } from '@moon-key/core'",
        "import { MoonKeyProvider, useMoonKey } from '@moon-key/react-auth'",
        "import { createMoonKeyServer, type RequestAuth } from '@moon-key/server'",
        "import { requireSession } from '@moon-key/server/express'",
        "import { requireSession as requireSessionHono } from '@moon-key/server/hono'",
        "import { startEmulator, type RunningEmulator } from '@moon-key/emulator'",
        'export const all = [createMoonKey, MoonKeyProvider, useMoonKey, createMoonKeyServer, requireSession, requireSessionHono, startEmulator]',
        'export type All = [SessionTokens, RequestAuth, RunningEmulator]',
        '',
      ].join('\n'),
    )
    const settings = { node: 'esnext', node16: 'node16', bundler: 'esnext' }
    for (const [moduleResolution, module] of Object.entries(settings)) {
      const config = join(dir, 'types', `tsconfig.${moduleResolution}.json`)
      const compilerOptions = { module, moduleResolution, target: 'es2022', lib: ['es2022', 'dom'], strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }
      await writeFile(config, JSON.stringify({ compilerOptions, include: ['*.ts'] }))
      await run(join(dir, 'node_modules/.bin/tsc'), ['-p', config], { cwd: dir })
    }
  })

  it('plain Node imports startEmulator and createMoonKeyServer (no key set), and resolves the script-tag files', async () => {
    const script = [
      "import { startEmulator } from '@moon-key/emulator'",
      "import { createMoonKeyServer } from '@moon-key/server'",
      '// As in a build step or a cold start without the secret: constructing must not throw.',
      'createMoonKeyServer({ secretKey: process.env.MOONKEY_SECRET_KEY })',
      'const emulator = await startEmulator({ memory: true, log: () => {} })',
      "const res = await fetch(emulator.url + '/v1/auth/jwks/' + emulator.appId)",
      'await emulator.close()',
      "console.log('jwks', res.status)",
      "for (const file of ['moonkey.global.js', 'moonkey.esm.js']) console.log(import.meta.resolve('@moon-key/core/cdn/' + file))",
      "console.log(import.meta.resolve('@moon-key/core/package.json'))",
    ].join('\n')
    const out = await run('node', ['--input-type=module', '-e', script], { cwd: join(tmp, 'react-app') })
    const core = `file://${join(tmp, 'react-app', 'node_modules/@moon-key/core')}`
    expect(out.trim().split('\n')).toEqual(['jwks 200', `${core}/dist/cdn/moonkey.global.js`, `${core}/dist/cdn/moonkey.esm.js`, `${core}/package.json`])
  })

  it('a Vite + React app: builds, logs in with the code from the mailbox, calls its backend, reloads, logs out', async () => {
    const dir = join(tmp, 'react-app')
    await run('npm', ['run', 'build'], {
      cwd: dir,
      env: { VITE_MOONKEY_API_URL: emulator.url, VITE_MOONKEY_PUBLISHABLE_KEY: 'pk_test_emulator' },
    })
    const server = await start('npm', ['start'], { cwd: dir, env: { PORT: '0', MOONKEY_API_URL: emulator.url, MOONKEY_SECRET_KEY: 'sk_test_emulator' } }, /listening on (http:\/\/\S+)/)
    cleanups.push(server.stop)
    await walkApp(server.match, 'react@example.com')
  })

  it('a SvelteKit app (SSR, adapter-node): builds without its secret, renders on the server, logs in, calls its backend, reloads, logs out', async () => {
    const [, dir] = await installs
    // Built with no MoonKey variable set: they are all read at run time.
    await run('npm', ['run', 'build'], { cwd: dir })
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const server = await start(
      'npm',
      ['start'],
      {
        cwd: dir,
        env: {
          ...{ PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin },
          ...{ PUBLIC_MOONKEY_API_URL: emulator.url, PUBLIC_MOONKEY_PUBLISHABLE_KEY: 'pk_test_emulator' },
          ...{ MOONKEY_API_URL: emulator.url, MOONKEY_SECRET_KEY: 'sk_test_emulator' },
        },
      },
      /Listening on/,
    )
    cleanups.push(server.stop)
    const html = await (await fetch(origin)).text()
    expect(html).toContain('data-testid="loading"') // the server rendered the page through the binding
    await walkApp(origin, 'svelte@example.com')
  })

  it('the script-tag build, served from a second origin, logs in through its modal on a page under a strict CSP', async () => {
    // The CDN: dist/cdn of the core tarball, on its own origin.
    const cdnDir = join(tmp, 'cdn')
    await mkdir(cdnDir)
    await run('tar', ['-xzf', tarball('@moon-key/core'), '-C', cdnDir, '--strip-components=3', 'package/dist/cdn'], { cwd: tmp })
    const cdn = await listen(
      createServer(async (req, res) => {
        const body = await readFile(join(cdnDir, new URL(req.url!, 'http://x').pathname)).catch(() => null)
        if (!body) return void res.writeHead(404).end()
        res.writeHead(200, { 'content-type': extname(req.url!) === '.js' ? 'text/javascript' : 'application/octet-stream', 'access-control-allow-origin': '*' }).end(body)
      }),
    )
    cleanups.push(cdn.close)

    // The app's page: no inline script or style allowed; scripts from itself and the CDN.
    const csp = `default-src 'self'; style-src 'self'; script-src 'self' ${cdn.origin}; connect-src 'self' ${emulator.url}`
    const fixture = join(fixtures, 'script-tag')
    const site = await listen(
      createServer(async (req, res) => {
        const path = new URL(req.url!, 'http://x').pathname
        if (path === '/app.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(join(fixture, 'app.js')))
        const html = (await readFile(join(fixture, 'index.html'), 'utf8'))
          .replace('%CDN_ORIGIN%', cdn.origin)
          .replace('%API_URL%', emulator.url)
          .replace('%PUBLISHABLE_KEY%', 'pk_test_emulator')
        res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp }).end(html)
      }),
    )
    cleanups.push(site.close)

    const context = await browser.newContext()
    cleanups.push(() => context.close())
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
    })
    await page.goto(site.origin)
    await page.getByTestId('logged-out').waitFor()
    await page.getByRole('button', { name: 'Log in' }).click()
    await modal(page, 'input[name="email"]').waitFor()
    // Styled: the modal's overlay covers the page (an unstyled modal would not).
    expect(await page.evaluate(() => document.elementFromPoint(2, 2)?.tagName.toLowerCase())).toBe('moonkey-login-modal')
    const email = 'script-tag@example.com'
    await modal(page, 'input[name="email"]').fill(email)
    await modal(page, 'input[name="email"]').press('Enter')
    await modal(page, 'input[name="code"]').fill(await codeFor(email))
    await page.getByTestId('welcome').waitFor({ state: 'visible' })
    expect(await page.getByTestId('welcome').textContent()).toBe(`Welcome, ${email}!`)
    await page.reload()
    await page.getByTestId('welcome').waitFor({ state: 'visible' })
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByTestId('logged-out').waitFor()
    expect(violations).toEqual([])
  })
})
