import { act, render } from '@testing-library/react'
import { createMoonKey } from '@moon-key/core'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { flush } from '../../core/test/fake-api.ts'
import { storedSessionOptions } from '../../core/test/held-resources.ts'
import { MoonKeyProvider, useMoonKeyEvent } from './index.ts'
import type { LogoutReason } from './index.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

function OnLogout({ handler }: { handler: (reason: LogoutReason) => void }) {
  useMoonKeyEvent('logout', ({ reason }) => handler(reason))
  return null
}

describe('useMoonKeyEvent', () => {
  it('calls the latest render’s handler, subscribed once, and unsubscribes on unmount', async () => {
    const client = createMoonKey(storedSessionOptions('pk_test_react_event'))
    const on = vi.spyOn(client, 'on')
    const first = vi.fn()
    const second = vi.fn()
    const app = (handler: (reason: LogoutReason) => void) => (
      <MoonKeyProvider client={client}>
        <OnLogout handler={handler} />
      </MoonKeyProvider>
    )
    const view = render(app(first))
    await act(() => client.whenReady())
    view.rerender(app(second))
    await act(() => client.logout())
    await act(() => flush())
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledExactlyOnceWith('logout')
    expect(on).toHaveBeenCalledTimes(1)

    view.unmount()
    await client.sendCode({ email: 'ada@example.com' })
    await client.loginWithCode({ code: '123456' })
    await client.logout()
    await flush()
    expect(second).toHaveBeenCalledOnce()
    client.destroy()
  })
})
