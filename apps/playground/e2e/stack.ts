import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startPlayground, type RunningPlayground } from '../src/server.ts'
import { launchChromium } from './browser.ts'

export const screenshotDir = fileURLToPath(new URL('../test-results/screenshots', import.meta.url))

export interface Stack {
  emulator: RunningEmulator
  playground: RunningPlayground
  browser: Browser
  context: BrowserContext
  dataDir: string
  /** Stops the emulator (the API goes away; the pages stay). */
  stopEmulator(): Promise<void>
  /** Starts the emulator again on the same port and data directory. */
  restartEmulator(): Promise<void>
  close(): Promise<void>
}

/**
 * A real emulator (persisted in a temp dir) + the playground server + Chromium,
 * all on 127.0.0.1 and free ports.
 */
export async function startStack(options: { jwtLifetimeSeconds?: number } = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'moonkey-e2e-'))
  const emulatorOptions = { dataDir, log: () => {}, jwtLifetimeSeconds: options.jwtLifetimeSeconds }
  let emulator = await startEmulator({ ...emulatorOptions, port: 0 })
  const port = Number(new URL(emulator.url).port)
  const playground = await startPlayground({
    apiUrl: emulator.url,
    publishableKey: emulator.publishableKey,
    secretKey: emulator.secretKey,
  })
  const browser = await launchChromium()
  const context = await browser.newContext()
  let running = true
  const stack: Stack = {
    get emulator() {
      return emulator
    },
    playground,
    browser,
    context,
    dataDir,
    async stopEmulator() {
      if (running) await emulator.close()
      running = false
    },
    async restartEmulator() {
      if (running) return
      emulator = await startEmulator({ ...emulatorOptions, port })
      running = true
    },
    async close() {
      await browser.close()
      await playground.close()
      await stack.stopEmulator()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  return stack
}

/** The login modal's shadow DOM is open: Playwright's CSS selectors pierce it. */
export const modal = (page: Page, selector = ''): ReturnType<Page['locator']> =>
  page.locator(`moonkey-login-modal ${selector}`.trim())

/** Opens a playground page (see PAGES) and waits for the SDK to be ready. */
export async function openPlayground(stack: Stack, path: string, page?: Page): Promise<Page> {
  const p = page ?? (await stack.context.newPage())
  await p.goto(new URL(path, stack.playground.url).href)
  await p.getByTestId('loading').waitFor({ state: 'hidden' })
  return p
}

/** Logs in through the modal, reading the code from the emulator's mailbox. */
export async function loginThroughModal(stack: Stack, page: Page, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Log in' }).click()
  await modal(page, 'input[name="email"]').fill(email)
  await modal(page, 'input[name="email"]').press('Enter')
  await modal(page, 'input[name="code"]').waitFor()
  const code = await waitForCode(stack, email)
  await modal(page, 'input[name="code"]').fill(code)
  await page.getByTestId('welcome').waitFor()
}

/** The emulator's answer status to verifying `sessionToken` with the secret key (404 once revoked). */
export async function sessionStatus(stack: Stack, sessionToken: string): Promise<number> {
  const res = await fetch(`${stack.emulator.url}/v1/auth/sessions/verify`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.emulator.secretKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ session_token: sessionToken }),
  })
  return res.status
}

export async function waitForCode(stack: Stack, email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const code = stack.emulator.latestCode(email)
    if (code) return code
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no code was sent to ${email}`)
}

/** Saves a screenshot a person can look at; returns its path after checking it is a real PNG. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, animations: 'disabled' }) // transitions finished, not mid-fade
  const { size } = await stat(path)
  if (size < 1000) throw new Error(`screenshot ${name} is suspiciously small (${size} bytes)`)
  return path
}

/** Calls the playground backend from the page with the given credential kind. */
export async function callBackend(page: Page, kind: 'token' | 'jwt'): Promise<string> {
  await page.getByTestId('result').evaluate((el) => (el.textContent = '…'))
  await page.getByRole('button', { name: kind === 'token' ? 'Call backend with session token' : 'Call backend with session JWT' }).click()
  const result = page.getByTestId('result')
  await result.filter({ hasNotText: '…' }).waitFor()
  return (await result.textContent()) ?? ''
}

/** Every record in every IndexedDB database of the page's origin. */
export function indexedDbRecords(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let count = 0
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!)
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
      for (const storeName of Array.from(db.objectStoreNames)) {
        count += await new Promise<number>((resolve, reject) => {
          const req = db.transaction(storeName).objectStore(storeName).count()
          req.onsuccess = () => resolve(req.result)
          req.onerror = () => reject(req.error)
        })
      }
      db.close()
    }
    return count
  })
}

/**
 * Clicks the page's "Log out" and waits until the logout is also stored: the
 * page shows "logged out" at once, while the deletion of the stored session
 * commits a moment later. A page closed in between aborts that IndexedDB
 * transaction (as closing a tab would), and the next page of the same profile
 * would find the session still stored.
 */
export async function logOutThroughPage(stack: Stack, page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click()
  await page.getByTestId('logged-out').waitFor()
  const database = `moonkey-${stack.emulator.publishableKey}`
  const storedSession = () =>
    page.evaluate(
      (name) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open(name)
          open.onsuccess = () => {
            const db = open.result
            const read = db.transaction('kv').objectStore('kv').get('session')
            read.onsuccess = () => {
              db.close()
              resolve(read.result ?? null)
            }
            read.onerror = () => reject(read.error)
          }
          open.onerror = () => reject(open.error)
        }),
      database,
    )
  for (const start = Date.now(); (await storedSession()) !== null; ) {
    if (Date.now() - start > 10_000) throw new Error('The logged-out session is still stored after 10 s')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
