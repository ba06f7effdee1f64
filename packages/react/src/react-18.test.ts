// The provider under React 18 (the package's tests otherwise run React 19):
// test/react-18-app.tsx is bundled with esbuild, `react` and `react-dom`
// aliased to React 18, so one React copy runs here.
import { build } from 'esbuild'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { flush } from '../../core/test/fake-api.ts'
import { storedSessionOptions, trackHeldResources } from '../../core/test/held-resources.ts'
import { serverAuth } from '../../core/test/hydration-scenarios.ts'
import type { MoonKeyOptions } from './index.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dir = (name: string) => dirname(createRequire(join(root, 'package.json')).resolve(`${name}/package.json`))
type App = typeof import('../test/react-18-app.tsx')
let app: App
let outDir: string

beforeAll(async () => {
  await mkdir(join(root, 'node_modules/.cache'), { recursive: true })
  outDir = await mkdtemp(join(root, 'node_modules/.cache/react-18-'))
  await build({
    entryPoints: [join(root, 'test/react-18-app.tsx')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    conditions: ['moonkey-source'],
    alias: { react: dir('react-18'), 'react-dom': dir('react-dom-18') },
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'error',
  })
  app = await import(/* @vite-ignore */ join(outDir, 'app.js'))
}, 30_000)
afterAll(() => rm(outDir, { recursive: true, force: true }))

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const options = (): MoonKeyOptions => storedSessionOptions('pk_test_react18')

describe('React 18', () => {
  it('runs React 18', () => {
    expect(app.version).toMatch(/^18\./)
  })

  // React 18's StrictMode renders the first mount twice and drops the first
  // pass's refs, so the provider creates two clients. The core starts a client
  // only on first use, so the dropped one never opens anything.
  it('StrictMode: the provider leaves one open channel, destroyed on unmount', async () => {
    const held = trackHeldResources()
    const element = document.createElement('div')
    const unmount = app.mountStrict(element, options())
    await vi.waitFor(() => expect(element.textContent).toBe('ada@example.com'))
    expect(held().channels).toBe(1)
    unmount()
    await flush()
    expect(held().channels).toBe(0)
  })

  it('hydrates without a mismatch, then shows the session', async () => {
    const element = document.body.appendChild(document.createElement('div'))
    const recoverable = vi.fn()
    const error = vi.spyOn(console, 'error')
    const stop = app.hydrate(element, options(), recoverable)
    expect(element.textContent).toBe('loading')
    await vi.waitFor(() => expect(element.textContent).toBe('ada@example.com'))
    expect(recoverable).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
    stop()
    element.remove()
  })

  it('with an initialState, the server and the first client render show the user: no mismatch, no change', async () => {
    const element = document.body.appendChild(document.createElement('div'))
    const recoverable = vi.fn()
    const error = vi.spyOn(console, 'error')
    const changes = vi.fn()
    const stop = app.hydrateWithInitialState(element, { ...options(), initialState: serverAuth() }, recoverable)
    expect(element.textContent).toBe('ada@example.com')
    const observer = new MutationObserver(changes)
    observer.observe(element, { subtree: true, childList: true, characterData: true })
    await new Promise((resolve) => setTimeout(resolve, 100)) // storage read, ready
    await flush()
    expect(element.textContent).toBe('ada@example.com')
    expect(changes).not.toHaveBeenCalled()
    expect(recoverable).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
    observer.disconnect()
    stop()
    element.remove()
  })
})
