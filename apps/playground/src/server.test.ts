import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { createPlaygroundApp, toEsmPage } from './server.ts'

const app = createPlaygroundApp({ apiUrl: 'http://127.0.0.1:1', publishableKey: 'pk_test_x', secretKey: 'sk_test_x' })

describe('playground server', () => {
  it('serves the public settings, never the secret key', async () => {
    const body = await (await app.request('/config.js')).text()
    expect(body).toContain('"publishableKey":"pk_test_x"')
    expect(body).not.toContain('sk_test_x')
  })

  it('derives the ES-module page from the script-tag page', async () => {
    const html = await readFile(new URL('../public/index.html', import.meta.url), 'utf8')
    const esm = toEsmPage(html)
    expect(esm).not.toContain('moonkey.global.js')
    expect(esm).toContain(`import * as MoonKey from '/sdk/moonkey.esm.js'`)
    expect(esm).toContain('<title>MoonKey playground · ES module</title>')
    const res = await app.request('/esm.html')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(esm)
  })

  it('serves the emulator’s test wallet to every page (development only), unless told not to', async () => {
    const res = await app.request('/test-wallet.js')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('http://127.0.0.1:1/emulator/test-wallet.js')
    const pages = [new URL('../public/index.html', import.meta.url)].concat(
      ['react', 'vue', 'svelte'].map((name) => new URL(`../pages/${name}/index.html`, import.meta.url)),
    )
    for (const page of pages) {
      const html = await readFile(page, 'utf8')
      expect(html, page.pathname).toMatch(/DEVELOPMENT ONLY[^]*<script src="\/test-wallet.js"><\/script>/)
    }
    expect(toEsmPage(await readFile(pages[0]!, 'utf8'))).toContain('<script src="/test-wallet.js"></script>')

    const off = createPlaygroundApp({ apiUrl: 'http://127.0.0.1:1', publishableKey: 'pk_test_x', secretKey: 'sk_test_x', testWallet: false })
    const empty = await off.request('/test-wallet.js')
    expect(empty.status).toBe(200)
    expect(await empty.text()).not.toContain('moonkeyTestWallet')
  })
})
