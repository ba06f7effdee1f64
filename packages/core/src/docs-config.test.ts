// The MoonKey docs' provider example (test/docs-config.ts) does what the docs
// say, through start() against the real emulator.
import 'fake-indexeddb/auto'

import { startEmulator, type RunningEmulator } from '@moon-key/emulator'
import { IDBFactory } from 'fake-indexeddb'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { docsConfig } from '../test/docs-config.ts'
import { inModal } from '../test/modal.ts'
import { ready } from '../test/setup-client.ts'
import { createMoonKey } from './index.ts'
import type { MoonKeyClient } from './index.ts'

let emulator: RunningEmulator
let client: MoonKeyClient

beforeAll(async () => {
  emulator = await startEmulator({ log: () => {}, memory: true })
})
afterAll(() => emulator.close())
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
  client = createMoonKey({ publishableKey: emulator.publishableKey, apiUrl: emulator.url, config: docsConfig })
})
afterEach(() => {
  document.querySelector('moonkey-login-modal')?.remove()
  client.destroy()
})

const root = () => document.querySelector('moonkey-login-modal')?.shadowRoot ?? null
const part = (name: string) => root()?.querySelector<HTMLElement>(`[part="${name}"]`) ?? null

/** Logs in through the modal; returns the success screen's message. */
async function loginThroughModal(email: string): Promise<{ header: string[]; codeStep: string[]; success: string }> {
  client.start()
  const field = await inModal<HTMLInputElement>('input[name="email"]')
  const header = [part('logo')!.getAttribute('src')!, part('title')!.textContent!, part('description')!.textContent!]
  field.value = email
  field.form!.requestSubmit()
  const code = await inModal<HTMLInputElement>('input[name="code"]')
  const codeStep = [part('title')!.textContent!, part('description')!.textContent!, part('resend-button')!.textContent!]
  code.value = emulator.latestCode(email)!
  code.dispatchEvent(new Event('input', { bubbles: true }))
  await vi.waitFor(
    () => expect(document.querySelector('moonkey-login-modal')?.getAttribute('data-step')).toBe('success'),
    { timeout: 10_000 }, // RS256 signing on shared cores
  )
  return { header, codeStep, success: part('description')!.textContent! }
}

describe('the MoonKey docs’ provider example', { timeout: 30_000 }, () => {
  it('sends the code with expiresIn: 600 (seconds) and shows the documented texts; new, then returning user', async () => {
    await ready(client)
    const first = await loginThroughModal('new-user@example.com')
    expect(first.header).toEqual(['https://your-app.com/logo.png', 'Welcome', 'Check your email for the verification code'])
    expect(first.codeStep).toEqual([
      'Verify your email',
      'We sent a 6-digit code to new-user@example.com. It expires in 10 minutes.',
      'Resend code in 30s',
    ])
    expect(first.success).toBe('Email verified! Setting up your account...')
    expect(client.$loginState.get().isNewUser).toBe(true)

    await client.logout()
    document.querySelector('moonkey-login-modal')?.remove()
    const again = await loginThroughModal('new-user@example.com')
    expect(again.success).toBe('Welcome back! Signing you in...')
    expect(client.$loginState.get().isNewUser).toBe(false)
  })
})
