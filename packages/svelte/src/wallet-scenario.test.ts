import { flushSync, mount, unmount } from 'svelte'

import { walletBindingScenarios } from '../../core/test/wallet-scenarios.ts'
import WalletRoot from '../test/WalletRoot.svelte'
import type { LoginWithWallet } from './index.ts'

walletBindingScenarios({
  name: 'svelte',
  render(client, callbacks) {
    let login!: LoginWithWallet
    const target = document.body.appendChild(document.createElement('div'))
    const app = mount(WalletRoot, { target, props: { options: { client }, callbacks, expose: (l) => (login = l) } })
    flushSync()
    return {
      seen: () => ({ wallets: login.wallets, state: login.state, loginWithWallet: login.loginWithWallet }),
      text: () => {
        flushSync()
        return target.textContent!
      },
      unmount: async () => {
        await unmount(app)
        target.remove()
      },
    }
  },
})
