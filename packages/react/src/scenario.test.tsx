import { render } from '@testing-library/react'

import { bindingScenarios, type Seen } from '../../core/test/binding-scenarios.ts'
import { MoonKeyProvider, useLoginWithEmail, useLoginWithOAuth, useMoonKey } from './index.ts'
import type { User } from './index.ts'

function Probe({ onComplete, seen }: { onComplete: (user: User) => void; seen: { current?: Seen } }) {
  const moonkey = useMoonKey()
  const login = useLoginWithEmail({ onComplete })
  const oauth = useLoginWithOAuth({ onComplete })
  seen.current = { ...moonkey, ...login, initOAuth: oauth.initOAuth }
  return (
    <p data-testid="probe">
      {`${moonkey.ready}|${moonkey.isAuthenticated}|${moonkey.user?.email ?? ''}|${login.state.status}`}
    </p>
  )
}

bindingScenarios({
  name: 'react',
  render(client, onComplete) {
    const seen: { current?: Seen } = {}
    const view = render(
      <MoonKeyProvider client={client}>
        <Probe onComplete={onComplete} seen={seen} />
      </MoonKeyProvider>,
    )
    return {
      seen: () => seen.current!,
      text: () => view.getByTestId('probe').textContent!,
      unmount: () => view.unmount(),
    }
  },
})
