import { render } from '@testing-library/react'

import { walletBindingScenarios, type WalletSeen } from '../../core/test/wallet-scenarios.ts'
import { MoonKeyProvider, useLoginWithWallet } from './index.ts'
import type { LoginWithWalletCallbacks } from './index.ts'

function Probe({ callbacks, seen }: { callbacks: LoginWithWalletCallbacks; seen: { current?: WalletSeen } }) {
  const login = useLoginWithWallet(callbacks)
  seen.current = login
  return <p data-testid="probe">{`${login.wallets.map((w) => w.name).join(',')}|${login.state.status}`}</p>
}

walletBindingScenarios({
  name: 'react',
  render(client, callbacks) {
    const seen: { current?: WalletSeen } = {}
    const view = render(
      <MoonKeyProvider client={client}>
        <Probe callbacks={callbacks} seen={seen} />
      </MoonKeyProvider>,
    )
    return {
      seen: () => seen.current!,
      text: () => view.getByTestId('probe').textContent!,
      unmount: () => view.unmount(),
    }
  },
})
