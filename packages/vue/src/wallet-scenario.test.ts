import { createApp, defineComponent, h } from 'vue'

import { walletBindingScenarios, type WalletSeen } from '../../core/test/wallet-scenarios.ts'
import { MoonKeyPlugin, useLoginWithWallet } from './index.ts'
import type { LoginWithWallet } from './index.ts'

walletBindingScenarios({
  name: 'vue',
  render(client, callbacks) {
    let login!: LoginWithWallet
    const Probe = defineComponent(() => {
      login = useLoginWithWallet(callbacks)
      return () => h('p', `${login.wallets.value.map((w) => w.name).join(',')}|${login.state.value.status}`)
    })
    const element = document.body.appendChild(document.createElement('div'))
    const app = createApp(Probe).use(MoonKeyPlugin, { client })
    app.mount(element)
    return {
      seen: (): WalletSeen => ({ ...login, wallets: login.wallets.value, state: login.state.value }),
      text: () => element.textContent!,
      unmount: () => {
        app.unmount()
        element.remove()
      },
    }
  },
})
