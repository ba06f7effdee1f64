// The MoonKey docs' provider example's config, given to the plugin: it
// type-checks (`pnpm typecheck`) and start() opens the modal it describes.
import { createApp, defineComponent, h } from 'vue'
import { afterEach, describe, expect, it } from 'vitest'

import { docsConfig } from '../../core/test/docs-config.ts'
import { inModal } from '../../core/test/modal.ts'
import { MoonKeyPlugin, useMoonKey } from './index.ts'
import type { MoonKey, MoonKeyPluginOptions } from './index.ts'

afterEach(() => document.querySelector('moonkey-login-modal')?.remove())

describe('the MoonKey docs’ provider config', () => {
  it('is taken by MoonKeyPlugin, and start() opens the modal it configures', async () => {
    const options: MoonKeyPluginOptions = { publishableKey: 'pk_test_docs', config: docsConfig, storage: 'memory' }
    let moonkey!: MoonKey
    const app = createApp(defineComponent(() => ((moonkey = useMoonKey()), () => h('p'))))
    app.use(MoonKeyPlugin, options)
    app.mount(document.createElement('div'))
    moonkey.start()
    const title = await inModal('[part="title"]')
    expect(title.textContent).toBe(docsConfig.appearance.loginHeaderTitle)
    app.unmount()
  })
})
