import { describe, expect, it } from 'vitest'

import * as core from './index.ts'

describe('@moon-key/core', () => {
  it('exports only the public API', () => {
    expect(Object.keys(core).sort()).toEqual(['MoonKeyError', 'createMoonKey', 'isMoonKeyError', 'withLoginCallbacks', 'withOAuthCallbacks', 'withWalletCallbacks'])
  })

  it('creates a client with the documented surface', () => {
    const client = core.createMoonKey({ publishableKey: 'pk_test_surface', storage: 'memory' })
    expect(Object.keys(client).sort()).toEqual([
      '$loginState',
      '$state',
      '$walletLogin',
      'config',
      'destroy',
      'getSessionTokens',
      'getWallets',
      'loginWithCode',
      'loginWithOAuth',
      'loginWithWallet',
      'logout',
      'on',
      'sendCode',
      'start',
      'whenReady',
    ])
    expect(client.$state.get()).toEqual({
      ready: false,
      isAuthenticated: false,
      user: null,
      session: null,
      reason: null,
      persisted: true,
    })
    expect(client.$loginState.get()).toEqual({ status: 'initial', error: null })
    expect(client.$walletLogin.get()).toEqual({ wallets: [], status: 'initial', error: null })
    expect('set' in client.$state && typeof client.$state.set).toBe('function') // atom, typed read-only
    client.destroy()
  })
})
