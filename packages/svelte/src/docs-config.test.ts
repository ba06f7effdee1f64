// The MoonKey docs' provider example's config, given to setMoonKey: it
// type-checks (`pnpm typecheck`) and start() opens the modal it describes.
import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { docsConfig } from '../../core/test/docs-config.ts'
import Root from '../test/Root.svelte'
import type { MoonKey, SetMoonKeyOptions } from './index.ts'

afterEach(() => document.querySelector('moonkey-login-modal')?.remove())

describe('the MoonKey docs’ provider config', () => {
  it('is taken by setMoonKey, and start() opens the modal it configures', async () => {
    const options: SetMoonKeyOptions = { publishableKey: 'pk_test_docs', config: docsConfig, storage: 'memory' }
    let moonkey!: MoonKey
    const app = mount(Root, { target: document.createElement('div'), props: { options, expose: (seen) => (moonkey = seen.moonkey) } })
    flushSync()
    moonkey.start()
    const title = await vi.waitFor(() => {
      const found = document.querySelector('moonkey-login-modal')?.shadowRoot?.querySelector('[part="title"]')
      return found ?? Promise.reject(new Error('no modal yet'))
    }, { timeout: 10_000 }) // the modal is a dynamic import
    expect(title.textContent).toBe(docsConfig.appearance.loginHeaderTitle)
    unmount(app)
  })
})
