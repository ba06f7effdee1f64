import { render } from '@testing-library/react'

import { bindingScenarios, type Seen } from '../../core/test/binding-scenarios.ts'
import { MoonKeyProvider, useLoginWithEmail, useLoginWithOAuth, useMoonKey, useMoonKeyEvent } from './index.ts'
import type { MoonKeyEvent, User } from './index.ts'

interface ProbeProps {
  onComplete: (user: User) => void
  onEvent: (event: MoonKeyEvent) => void
  seen: { current?: Seen }
}

function Probe({ onComplete, onEvent, seen }: ProbeProps) {
  const moonkey = useMoonKey()
  const login = useLoginWithEmail({ onComplete })
  const oauth = useLoginWithOAuth({ onComplete })
  useMoonKeyEvent('ready', onEvent)
  useMoonKeyEvent('login', onEvent)
  useMoonKeyEvent('refresh', onEvent)
  useMoonKeyEvent('logout', onEvent)
  seen.current = { ...moonkey, ...login, initOAuth: oauth.initOAuth }
  return (
    <p data-testid="probe">
      {`${moonkey.ready}|${moonkey.isAuthenticated}|${moonkey.user?.email ?? ''}|${login.state.status}`}
    </p>
  )
}

bindingScenarios({
  name: 'react',
  render(client, onComplete, onEvent) {
    const seen: { current?: Seen } = {}
    const view = render(
      <MoonKeyProvider client={client}>
        <Probe onComplete={onComplete} onEvent={onEvent} seen={seen} />
      </MoonKeyProvider>,
    )
    return {
      seen: () => seen.current!,
      text: () => view.getByTestId('probe').textContent!,
      unmount: () => view.unmount(),
    }
  },
})
