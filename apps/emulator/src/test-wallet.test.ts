import { afterEach, describe, expect, it } from 'vitest'
import { testEmulator, type TestEmulator } from './test-utils.ts'

let emulator: TestEmulator
afterEach(async () => {
  await emulator.close()
})

describe('GET /emulator/test-wallet.js', () => {
  it('serves the development wallet as a classic script, without a key, marked as a development tool', async () => {
    emulator = testEmulator()
    const res = await emulator.app.request('/emulator/test-wallet.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    const script = await res.text()
    expect(script.startsWith('/* MoonKey Test Wallet: a development tool of the MoonKey emulator. Never use it in production. */\n')).toBe(true)
    expect(script).toContain('eip6963:announceProvider')
    expect(script).toContain('wallet-standard:register-wallet')
    expect(script).toContain('MoonKey Test Wallet (development)')
    expect(script).not.toMatch(/^\s*(import|export)\s/m) // bundled: no module syntax left
    // Built once, then served from memory.
    expect(await (await emulator.app.request('/emulator/test-wallet.js')).text()).toBe(script)
  }, 30_000)
})
