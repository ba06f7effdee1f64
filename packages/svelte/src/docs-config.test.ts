// The MoonKey docs' provider example's config, given to setMoonKey: it
// type-checks (`pnpm typecheck`) and start() opens the modal it describes.
import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'

import { docsConfig } from '../../core/test/docs-config.ts'
import { inModal } from '../../core/test/modal.ts'
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
    const title = await inModal('[part="title"]')
    expect(title.textContent).toBe(docsConfig.appearance.loginHeaderTitle)
    unmount(app)
  })
})
