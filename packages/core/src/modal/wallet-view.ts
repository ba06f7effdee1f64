import { h } from './dom.ts'
import { fill } from './texts.ts'
import type { ModalClient, ModalWallet, MoonKeyTexts, WalletChainType } from './types.ts'

type Chain = ModalWallet['chainType']

/** Each chain's proper name (the same in every language) and a list of its wallets, for users who have none. */
const CHAINS: Record<Chain, readonly [name: string, wallets: string]> = {
  ethereum: ['Ethereum', 'https://ethereum.org/wallets/find-wallet/'],
  solana: ['Solana', 'https://solana.com/solana-wallets'],
}

/** The chain types `walletChainType` offers, in the order the list shows them. */
export const offeredChains = (chainType: WalletChainType = 'ethereum-or-solana'): Chain[] =>
  chainType === 'ethereum' || chainType === 'solana' ? [chainType] : ['ethereum', 'solana']

/**
 * A wallet's icon as an `<img src>`, or `''`: only `data:image/…` URIs (what
 * EIP-6963 and the Wallet Standard hand over) and https URLs, never
 * `javascript:`, `http:` or anything else a wallet might announce.
 */
export const safeIcon = (icon: unknown): string =>
  typeof icon === 'string' && /^(data:image\/|https:\/\/)/i.test(icon) ? icon : ''

export interface WalletViewOptions {
  client: Required<Pick<ModalClient, '$walletLogin' | 'getWallets'>>
  chainType?: WalletChainType
  texts: MoonKeyTexts
  /** Called on a click on a wallet that is not disabled. */
  pick: (wallet: ModalWallet) => void
  /** Whether the buttons start disabled (a login is running). */
  busy: () => boolean
  /** The wallet module could not be loaded. */
  fail: (reason: unknown) => void
  signal: AbortSignal
}

/**
 * The login modal's wallet list: one button (icon, name, chain) per installed
 * wallet of the offered chains, kept up to date as wallets announce themselves,
 * or what to do when there is none. It loads the client's wallet module
 * (`getWallets()`, which starts discovery) and lists nothing until that is in.
 * Returns the element and `stop`, which ends its store subscription.
 *
 * @example
 * const view = walletView({ client: moonkey, chainType: 'solana', texts, pick, busy: () => false, fail, signal })
 * body.append(view.element)
 */
export function walletView({ client, chainType, texts, pick, busy, fail, signal }: WalletViewOptions): {
  element: HTMLElement
  stop(): void
} {
  const chains = offeredChains(chainType)
  const element = h('div', { part: 'wallets', class: 'wallets', 'aria-busy': 'true' })
  let loaded = false
  let shown: string | undefined

  const button = (wallet: ModalWallet): HTMLButtonElement => {
    const icon = safeIcon(wallet.icon)
    const el = h(
      'button',
      { type: 'button', part: 'wallet-button', 'data-wallet-id': wallet.id, 'aria-disabled': String(busy()) },
      icon ? h('img', { part: 'wallet-icon', src: icon, alt: '', width: '28', height: '28' }) : h('span', { class: 'icon' }),
      h('span', { class: 'name' }, wallet.name),
      h('span', { class: 'chain' }, CHAINS[wallet.chainType][0]),
    )
    el.addEventListener('click', () => el.getAttribute('aria-disabled') !== 'true' && pick(wallet), { signal })
    return el
  }

  const render = (wallets: readonly ModalWallet[]): void => {
    if (!loaded) return
    const offered = wallets.filter((wallet) => chains.includes(wallet.chainType))
    // Re-render only on a change, so a focused button stays in place.
    const key = JSON.stringify(offered.map(({ id, name, icon }) => [id, name, icon]))
    if (key === shown) return
    shown = key
    element.setAttribute('aria-busy', 'false')
    element.replaceChildren(
      ...(offered.length
        ? [h('div', { part: 'wallet-list', role: 'group', 'aria-label': texts.walletListLabel }, ...offered.map(button))]
        : [
            h('p', { part: 'no-wallet' }, texts.noWalletMessage),
            ...chains.map((chain) =>
              h(
                'a',
                { part: 'get-wallet-link', href: CHAINS[chain][1], target: '_blank', rel: 'noopener noreferrer' },
                fill(texts.getWalletText, { chain: CHAINS[chain][0] }),
              ),
            ),
          ]),
    )
  }

  const stop = client.$walletLogin.subscribe(({ wallets }) => render(wallets))
  client.getWallets().then(
    () => {
      if (signal.aborted) return
      loaded = true
      render(client.$walletLogin.get().wallets)
    },
    (reason: unknown) => signal.aborted || fail(reason),
  )
  return { element, stop }
}
