import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeModalClient, fakeWalletModalClient, WALLET_ICON } from '../../test/modal-client.ts'
import { openLoginModal } from './index.ts'
import { en as t } from './texts.ts'
import type { ModalConfig, ModalWallet, StartParams } from './types.ts'
import { offeredChains, safeIcon } from './wallet-view.ts'

const wallet = (id: string, chainType: ModalWallet['chainType'], name = id, icon = WALLET_ICON): ModalWallet => ({
  id: `${chainType}:${id}`,
  name,
  icon,
  chainType,
})
const METAMASK = wallet('io.metamask', 'ethereum', 'MetaMask')
const PHANTOM = wallet('Phantom', 'solana', 'Phantom')

const host = () => document.querySelector<HTMLElement>('moonkey-login-modal')
const root = () => host()!.shadowRoot!
const parts = (name: string) => [...root().querySelectorAll<HTMLElement>(`[part="${name}"]`)]
const part = (name: string) => parts(name)[0]!
const flush = () => vi.advanceTimersByTimeAsync(0)
/** The wallet buttons as "chain name" lines, e.g. "MetaMask Ethereum". */
const listed = () => parts('wallet-button').map((b) => [...b.children].map((c) => c.textContent).join(' ').trim())
const layout = () => [...part('body').children].map((el) => el.getAttribute('part') ?? el.className)

const open = async (config: ModalConfig, wallets: ModalWallet[], params?: StartParams) => {
  const fake = fakeWalletModalClient(config, wallets)
  openLoginModal(fake.client, params)
  await flush() // getWallets() resolves: the wallet module is in
  return fake
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  document.body.replaceChildren()
  vi.useRealTimers()
})

describe('the login modal’s wallets', () => {
  it('lists the installed wallets with icon, name and chain, filtered by walletChainType', async () => {
    await open({ loginMethods: ['wallet'] }, [METAMASK, PHANTOM])
    expect(listed()).toEqual(['MetaMask Ethereum', 'Phantom Solana'])
    expect(part('wallet-list').getAttribute('role')).toBe('group')
    expect(part('wallet-list').getAttribute('aria-label')).toBe(t.walletListLabel)
    expect(parts('wallet-button').every((b) => b.getAttribute('type') === 'button')).toBe(true)
    expect(parts('wallet-icon').map((img) => [img.getAttribute('src'), img.getAttribute('alt')])).toEqual([
      [WALLET_ICON, ''],
      [WALLET_ICON, ''],
    ])
    // No email form without 'email'; the error line is below the wallets.
    expect(layout()).toEqual(['wallets', 'error'])
    document.body.replaceChildren()

    await open({ loginMethods: ['wallet'] }, [METAMASK, PHANTOM], { walletChainType: 'solana' })
    expect(listed()).toEqual(['Phantom Solana'])
    document.body.replaceChildren()

    // start() wins over config.walletChainType, which wins over the default.
    await open({ loginMethods: ['wallet'], walletChainType: 'solana' }, [METAMASK, PHANTOM], { walletChainType: 'ethereum' })
    expect(listed()).toEqual(['MetaMask Ethereum'])
    document.body.replaceChildren()
    await open({ loginMethods: ['wallet'], walletChainType: 'solana' }, [METAMASK, PHANTOM])
    expect(listed()).toEqual(['Phantom Solana'])
  })

  it('places the wallets among email and the providers in the order of loginMethods', async () => {
    await open({ loginMethods: ['email', 'wallet'] }, [METAMASK])
    expect(layout()).toEqual(['email-form', 'sep', 'wallets'])
    expect(part('email-input')).toBeTruthy()
    document.body.replaceChildren()
    const fake = fakeWalletModalClient({}, [METAMASK])
    openLoginModal({ ...fake.client, loginWithOAuth: vi.fn(async () => ({})) }, { loginMethods: ['wallet', 'google', 'email'] })
    await flush()
    expect(layout()).toEqual(['wallets', 'sep', 'oauth', 'sep', 'email-form'])
  })

  it('adds wallets that announce themselves late, and keeps a focused button in place', async () => {
    const { client } = await open({ loginMethods: ['wallet'] }, [METAMASK])
    const first = part('wallet-button')
    first.focus()
    client.$walletLogin.set({ wallets: [METAMASK] }) // the same list again: nothing re-rendered
    expect(part('wallet-button')).toBe(first)
    expect(root().activeElement).toBe(first)
    client.$walletLogin.set({ wallets: [METAMASK, PHANTOM, wallet('io.rabby', 'ethereum', 'Rabby')] })
    expect(listed()).toEqual(['MetaMask Ethereum', 'Phantom Solana', 'Rabby Ethereum'])
  })

  it('lists nothing until the wallet module is in, then says what to do when no wallet is installed', async () => {
    const fake = fakeWalletModalClient({ loginMethods: ['wallet'] }, [])
    let load!: () => void
    fake.client.getWallets.mockImplementationOnce(() => new Promise((resolve) => (load = () => resolve([]))))
    openLoginModal(fake.client)
    expect(part('wallets').getAttribute('aria-busy')).toBe('true')
    expect(part('wallets').textContent).toBe('')
    load()
    await flush()
    expect(part('wallets').getAttribute('aria-busy')).toBe('false')
    expect(part('no-wallet').textContent).toBe(t.noWalletMessage)
    expect(parts('get-wallet-link').map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')])).toEqual([
      ['Get a wallet for Ethereum', 'https://ethereum.org/wallets/find-wallet/', 'noopener noreferrer'],
      ['Get a wallet for Solana', 'https://solana.com/solana-wallets', 'noopener noreferrer'],
    ])
    // A wallet installed now (it announces itself): the list replaces the message.
    fake.client.$walletLogin.set({ wallets: [PHANTOM] })
    expect(listed()).toEqual(['Phantom Solana'])
    expect(parts('no-wallet')).toEqual([])
    document.body.replaceChildren()

    // Only Ethereum wallets wanted, only a Solana one installed: none, with one link.
    await open({ loginMethods: ['wallet'] }, [PHANTOM], { walletChainType: 'ethereum' })
    expect(part('no-wallet').textContent).toBe(t.noWalletMessage)
    expect(parts('get-wallet-link').map((a) => a.textContent)).toEqual(['Get a wallet for Ethereum'])
  })

  it('logs in with the wallet clicked, shows it is waiting for the wallet, then the success screen with the address', async () => {
    const { client, settle } = await open({ loginMethods: ['email', 'wallet'] }, [METAMASK, PHANTOM])
    parts('wallet-button')[1]!.click()
    expect(client.loginWithWallet).toHaveBeenCalledWith({ wallet: PHANTOM })
    expect(part('status').textContent).toBe('Approve the sign-in request in Phantom.')
    expect(parts('wallet-button').every((b) => b.getAttribute('aria-disabled') === 'true')).toBe(true)
    expect(part('email-submit').getAttribute('aria-disabled')).toBe('true')
    parts('wallet-button')[0]!.click() // ignored while busy
    expect(client.loginWithWallet).toHaveBeenCalledTimes(1)
    settle().resolve()
    await flush()
    expect(host()!.dataset.step).toBe('success')
    expect(part('description').textContent).toBe('Signed in as 0xd8dA…6045.')
    await vi.advanceTimersByTimeAsync(3000)
    expect(host()).toBeNull()
  })

  it('stays open when the user declines in the wallet, says so, and lets them try again', async () => {
    const { client, settle } = await open({ loginMethods: ['email', 'wallet'] }, [METAMASK])
    part('wallet-button').click()
    settle().reject({ code: 'wallet_rejected', message: 'The request was rejected in the wallet' })
    await flush()
    expect(host()!.dataset.step).toBe('email')
    expect(part('error').textContent).toBe(t.walletRejectedMessage)
    expect(part('error').previousElementSibling).toBe(part('wallets')) // under the wallets, not in the email form
    expect(part('status').textContent).toBe('')
    expect(root().activeElement).toBe(part('wallet-button'))
    expect(part('wallet-button').getAttribute('aria-disabled')).toBe('false')
    part('wallet-button').click()
    expect(part('error').textContent).toBe('')
    settle().resolve()
    await flush()
    expect(client.loginWithWallet).toHaveBeenCalledTimes(2)
    expect(host()!.dataset.step).toBe('success')
  })

  it('shows the typed error of other failures in its own words, and email errors back in the form', async () => {
    const { client, settle } = await open({ loginMethods: ['email', 'wallet'] }, [METAMASK])
    for (const [error, text] of [
      [{ code: 'wallet_error', message: 'The wallet failed: Ledger disconnected' }, t.walletErrorMessage],
      [{ code: 'wallet_not_found', message: 'The wallet MetaMask is not installed' }, t.walletNotFoundMessage],
      [{ code: 'network_error', message: 'Failed to fetch', status: 0 }, t.networkErrorMessage],
      [{ code: 'unauthorized', message: 'Signature mismatch', status: 401 }, t.genericErrorMessage],
    ] as const) {
      part('wallet-button').click()
      settle().reject(error)
      await flush()
      expect(part('error').textContent).toBe(text)
    }
    client.sendCode.mockRejectedValueOnce({ code: 'invalid_email', message: 'Enter a valid email address' })
    part('email-submit').click()
    await flush()
    expect(part('error').parentElement).toBe(part('email-form'))
    expect(part('error').textContent).toBe(t.invalidEmailMessage)
  })

  it('shows why the wallet module could not be loaded', async () => {
    const fake = fakeWalletModalClient({ loginMethods: ['wallet'] }, [])
    fake.client.getWallets.mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
    openLoginModal(fake.client)
    await flush()
    expect(part('error').textContent).toBe(t.genericErrorMessage)
  })

  it('loads the wallet module only when the wallet method is shown, and stops listening on close', async () => {
    const fake = fakeWalletModalClient({ loginMethods: ['email', 'google'] }, [METAMASK])
    openLoginModal(fake.client)
    await flush()
    expect(fake.client.getWallets).not.toHaveBeenCalled()
    expect(fake.client.$walletLogin.lc).toBe(0)
    document.body.replaceChildren()

    openLoginModal(fake.client, { loginMethods: ['wallet'] })
    await flush()
    expect(fake.client.getWallets).toHaveBeenCalledTimes(1)
    expect(fake.client.$walletLogin.lc).toBe(1)
    part('close-button').click()
    expect(fake.client.$walletLogin.lc).toBe(0)
  })

  it('a client without wallet login (no loginWithWallet) gets the email form', () => {
    openLoginModal(fakeModalClient({ loginMethods: ['wallet'] }))
    expect(layout()).toEqual(['email-form'])
  })

  it('renders names as text and icons only from data:image/ or https URLs', async () => {
    await open({ loginMethods: ['wallet'] }, [
      wallet('x', 'ethereum', '<img src=x onerror=alert(1)>', 'javascript:alert(1)'),
      wallet('y', 'ethereum', 'Remote', 'https://wallet.example/icon.png'),
      wallet('z', 'ethereum', 'Plain', 'http://wallet.example/icon.png'),
    ])
    expect(listed()[0]).toBe('<img src=x onerror=alert(1)> Ethereum')
    expect(parts('wallet-icon').map((img) => img.getAttribute('src'))).toEqual(['https://wallet.example/icon.png'])
    expect(root().querySelectorAll('[part=wallet-button] .icon')).toHaveLength(2) // a placeholder instead
    expect(root().querySelectorAll('[onerror]')).toHaveLength(0)
  })
})

describe('safeIcon and offeredChains', () => {
  it('keeps data:image/ and https icons only', () => {
    expect(safeIcon(WALLET_ICON)).toBe(WALLET_ICON)
    expect(safeIcon('DATA:image/png;base64,AAAA')).toBe('DATA:image/png;base64,AAAA')
    expect(safeIcon('https://x.example/i.png')).toBe('https://x.example/i.png')
    for (const bad of ['javascript:alert(1)', 'data:text/html,<script>', 'http://x.example/i.png', '//x.example/i.png', '', 42, null]) {
      expect(safeIcon(bad)).toBe('')
    }
  })

  it('offers Ethereum, Solana or both', () => {
    expect(offeredChains('ethereum')).toEqual(['ethereum'])
    expect(offeredChains('solana')).toEqual(['solana'])
    expect(offeredChains('ethereum-or-solana')).toEqual(['ethereum', 'solana'])
    expect(offeredChains()).toEqual(['ethereum', 'solana'])
  })
})
