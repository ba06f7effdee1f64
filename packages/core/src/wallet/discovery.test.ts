import { afterEach, describe, expect, it } from 'vitest'

import { announce, fakeEthereum, fakeSolana, ICON, registerStandardWallet } from '../../test/fake-wallets.ts'
import type { Found } from './connector.ts'
import { discoverWallets } from './discovery.ts'

const cleanup: Array<() => void> = []
afterEach(() => {
  for (const stop of cleanup.splice(0)) stop()
  delete (window as Window & { ethereum?: unknown }).ethereum
})

/** Starts discovery; `latest()` is the newest list reported. */
const watch = () => {
  const reports: Found[][] = []
  cleanup.push(discoverWallets(window, (found) => reports.push(found)))
  return { reports, latest: () => (reports.at(-1) ?? []).map((f) => f.wallet) }
}

describe('Ethereum wallets (EIP-6963)', () => {
  it('lists every announcement with its name, icon and rdns, Ethereum first', () => {
    cleanup.push(announce(window, { name: 'MetaMask', rdns: 'io.metamask' }, fakeEthereum().provider))
    cleanup.push(announce(window, { name: 'Rabby', rdns: 'io.rabby' }, fakeEthereum().provider))
    const { latest } = watch()
    expect(latest()).toEqual([
      { id: 'ethereum:io.metamask', name: 'MetaMask', icon: ICON, rdns: 'io.metamask', chainType: 'ethereum' },
      { id: 'ethereum:io.rabby', name: 'Rabby', icon: ICON, rdns: 'io.rabby', chainType: 'ethereum' },
    ])
  })

  it('adds wallets that announce themselves late, once per rdns', () => {
    const { latest } = watch()
    expect(latest()).toEqual([])
    cleanup.push(announce(window, { name: 'Late', rdns: 'com.late' }, fakeEthereum().provider))
    expect(latest().map((w) => w.id)).toEqual(['ethereum:com.late'])
    // The same wallet again (a reloaded extension): replaced, not doubled.
    cleanup.push(announce(window, { name: 'Late 2', rdns: 'com.late' }, fakeEthereum().provider))
    expect(latest().map((w) => w.name)).toEqual(['Late 2'])
  })

  it('ignores malformed announcements and icons that are no data: image', () => {
    const { latest } = watch()
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: { info: { name: 'No provider' } } }))
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: null }))
    expect(latest()).toEqual([])
    cleanup.push(announce(window, { name: 'Remote icon', rdns: 'x.y', icon: 'https://tracker.example/i.png' }, fakeEthereum().provider))
    expect(latest()).toMatchObject([{ name: 'Remote icon', icon: '' }])
  })

  it('falls back to window.ethereum when no wallet announces itself, also when injected late', () => {
    const { latest } = watch()
    expect(latest()).toEqual([])
    ;(window as Window & { ethereum?: unknown }).ethereum = fakeEthereum().provider
    window.dispatchEvent(new Event('ethereum#initialized'))
    expect(latest()).toEqual([{ id: 'ethereum:injected', name: 'Browser wallet', icon: '', chainType: 'ethereum' }])
    // An EIP-6963 wallet replaces the legacy fallback (it is usually the same extension).
    cleanup.push(announce(window, { name: 'MetaMask', rdns: 'io.metamask' }, fakeEthereum().provider))
    expect(latest().map((w) => w.id)).toEqual(['ethereum:io.metamask'])
  })

  it('stops listening when stopped', () => {
    const { reports } = watch()
    cleanup.shift()!()
    const before = reports.length
    cleanup.push(announce(window, { name: 'After', rdns: 'after' }, fakeEthereum().provider))
    expect(reports.length).toBe(before)
  })
})

describe('Solana wallets (Wallet Standard)', () => {
  it('lists registered wallets with solana:signMessage, before and after discovery starts', () => {
    const early = fakeSolana('Phantom')
    cleanup.push(registerStandardWallet(window, early.wallet))
    const { latest } = watch()
    expect(latest()).toEqual([{ id: 'solana:Phantom', name: 'Phantom', icon: ICON, chainType: 'solana' }])
    cleanup.push(registerStandardWallet(window, fakeSolana('Solflare').wallet))
    expect(latest().map((w) => w.id)).toEqual(['solana:Phantom', 'solana:Solflare'])
  })

  it('leaves out wallets without solana:signMessage and drops unregistered ones', () => {
    const unregister = registerStandardWallet(window, fakeSolana('Signer').wallet)
    cleanup.push(registerStandardWallet(window, fakeSolana('Connect only', ['standard:connect']).wallet))
    const { latest } = watch()
    expect(latest().map((w) => w.name)).toEqual(['Signer'])
    unregister()
    expect(latest()).toEqual([])
  })

  it('lists Ethereum and Solana wallets together', () => {
    cleanup.push(registerStandardWallet(window, fakeSolana('Phantom').wallet))
    cleanup.push(announce(window, { name: 'Phantom', rdns: 'app.phantom' }, fakeEthereum().provider))
    const { latest } = watch()
    expect(latest().map((w) => `${w.chainType}:${w.name}`)).toEqual(['ethereum:Phantom', 'solana:Phantom'])
  })
})
