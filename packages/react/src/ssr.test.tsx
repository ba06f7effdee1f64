// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { MoonKeyProvider, useLoginWithEmail, useMoonKey } from './index.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

function Status() {
  const { ready, isAuthenticated } = useMoonKey()
  const { state } = useLoginWithEmail()
  return <p>{`ready:${ready} auth:${isAuthenticated} login:${state.status}`}</p>
}

describe('server rendering', () => {
  it('renders ready: false and touches no browser API', () => {
    expect(typeof window).toBe('undefined')
    const open = vi.fn()
    const channel = vi.fn()
    const fetch = vi.fn()
    vi.stubGlobal('indexedDB', { open })
    vi.stubGlobal('BroadcastChannel', channel)
    const html = renderToString(
      <MoonKeyProvider publishableKey="pk_test_ssr" fetch={fetch}>
        <Status />
      </MoonKeyProvider>,
    )
    expect(html).toBe('<p>ready:false auth:false login:initial</p>')
    expect(open).not.toHaveBeenCalled()
    expect(channel).not.toHaveBeenCalled()
    expect(fetch).not.toHaveBeenCalled()
  })
})
