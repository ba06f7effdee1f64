import { act, render, renderHook } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { flush } from '../../core/test/fake-api.ts'
import { storedSessionOptions, trackHeldResources, type Held } from '../../core/test/held-resources.ts'
import { createMoonKey } from '@moon-key/core'
import { MoonKeyProvider, useLoginWithEmail, useMoonKey } from './index.ts'
import type { MoonKeyOptions } from './index.ts'

const NOW = Date.UTC(2026, 0, 1)

let held: () => Held

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  held = trackHeldResources()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const options = (): MoonKeyOptions => storedSessionOptions('pk_test_react')

function Email() {
  const { ready, user } = useMoonKey()
  return <p data-testid="email">{ready ? (user?.email ?? 'logged out') : 'loading'}</p>
}

describe('MoonKeyProvider lifecycle', () => {
  it('StrictMode double mount leaves one channel, one visibility listener, one refresh timer; unmount frees them', async () => {
    const view = render(
      <StrictMode>
        <MoonKeyProvider {...options()}>
          <Email />
        </MoonKeyProvider>
      </StrictMode>,
    )
    await act(() => flush())
    expect(view.getByTestId('email').textContent).toBe('ada@example.com')
    expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })

    view.unmount()
    await flush()
    expect(held()).toEqual({ channels: 0, visibility: 0, online: 0, connections: 0, timers: 0 })
  })

  it('a provider that unmounts and mounts again (new key) swaps its client without leaking', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const opts = options()
    const app = (key: string) => (
      <StrictMode>
        <MoonKeyProvider key={key} {...opts}>
          <Email />
        </MoonKeyProvider>
      </StrictMode>
    )
    const view = render(app('a'))
    await act(() => flush())
    view.rerender(app('b'))
    await act(() => flush())
    expect(view.getByTestId('email').textContent).toBe('ada@example.com')
    expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })
    view.unmount()
    await flush()
    expect(held()).toEqual({ channels: 0, visibility: 0, online: 0, connections: 0, timers: 0 })
    warn.mockRestore()
  })

  it('re-rendering keeps the client the provider created (options are read once)', async () => {
    const opts = options()
    const view = render(<MoonKeyProvider {...opts}><Email /></MoonKeyProvider>)
    await act(() => flush())
    view.rerender(<MoonKeyProvider {...opts} apiUrl="http://elsewhere.test"><Email /></MoonKeyProvider>)
    await act(() => flush())
    expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })
    view.unmount()
  })

  it('never destroys a client passed in, even under StrictMode', async () => {
    const client = createMoonKey(options())
    const destroy = vi.spyOn(client, 'destroy')
    const view = render(
      <StrictMode>
        <MoonKeyProvider client={client}>
          <Email />
        </MoonKeyProvider>
      </StrictMode>,
    )
    await act(() => flush())
    view.unmount()
    await flush()
    expect(destroy).not.toHaveBeenCalled()
    expect(held()).toEqual({ channels: 1, visibility: 1, online: 1, connections: 0, timers: 1 })
    client.destroy()
    expect(held()).toEqual({ channels: 0, visibility: 0, online: 0, connections: 0, timers: 0 })
  })
})

describe('hooks', () => {
  it('throw outside MoonKeyProvider, naming it', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => useMoonKey())).toThrow(/<MoonKeyProvider>/)
    expect(() => renderHook(() => useLoginWithEmail())).toThrow(/<MoonKeyProvider>/)
    error.mockRestore()
  })

  it('keep function identities across renders and state changes', async () => {
    const client = createMoonKey(options())
    const wrapper = ({ children }: { children: ReactNode }) => (
      <MoonKeyProvider client={client}>{children}</MoonKeyProvider>
    )
    const hook = renderHook(() => ({ ...useMoonKey(), ...useLoginWithEmail({ onComplete: () => {} }) }), { wrapper })
    const first = hook.result.current
    await act(() => flush())
    expect(hook.result.current.ready).toBe(true)
    await act(() => client.logout())
    hook.rerender()
    const last = hook.result.current
    expect(last.isAuthenticated).toBe(false)
    for (const name of ['start', 'logout', 'getSessionTokens', 'sendCode', 'loginWithCode'] as const) {
      expect(last[name], name).toBe(first[name])
    }
    client.destroy()
  })

  it('useLoginWithEmail calls the latest onError and onComplete, and still rejects', async () => {
    const opts = options()
    const client = createMoonKey({ ...opts, storage: 'memory' })
    const wrapper = ({ children }: { children: ReactNode }) => (
      <MoonKeyProvider client={client}>{children}</MoonKeyProvider>
    )
    const onError = vi.fn()
    const onComplete = vi.fn()
    const hook = renderHook((props: { onError: typeof onError }) => useLoginWithEmail({ ...props, onComplete }), {
      wrapper,
      initialProps: { onError: vi.fn() },
    })
    hook.rerender({ onError })
    await act(() => expect(hook.result.current.sendCode({ email: 'nope' })).rejects.toMatchObject({ code: 'invalid_email' }))
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_email' }))
    expect(hook.result.current.state.status).toBe('error')
    await act(() => hook.result.current.sendCode({ email: 'ada@example.com' }))
    expect(hook.result.current.state.status).toBe('awaiting-code-input')
    const user = await act(() => hook.result.current.loginWithCode({ code: '123456' }))
    expect(onComplete).toHaveBeenCalledWith(user)
    expect(hook.result.current.state.status).toBe('done')
    client.destroy()
  })

  it('hand the core functions through unchanged', async () => {
    const client = createMoonKey({ ...options() })
    let seen: ReturnType<typeof useMoonKey> | undefined
    function Probe() {
      seen = useMoonKey()
      return null
    }
    render(<MoonKeyProvider client={client}><Probe /></MoonKeyProvider>)
    expect(seen!.start).toBe(client.start)
    expect(seen!.logout).toBe(client.logout)
    expect(seen!.getSessionTokens).toBe(client.getSessionTokens)
    client.destroy()
  })
})
