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
})
