import { stringToHex } from 'viem'

import type { Wallet } from '../types.ts'
import type { Account, Found } from './connector.ts'

/** An EIP-1193 provider: all the SDK calls is `request`. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>
}

/** The `detail` of an EIP-6963 `eip6963:announceProvider` event. */
export interface Eip6963Detail {
  info: { uuid: string; name: string; icon: string; rdns: string }
  provider: Eip1193Provider
}

const isProvider = (value: unknown): value is Eip1193Provider =>
  typeof (value as Eip1193Provider | undefined)?.request === 'function'

const isDetail = (value: unknown): value is Eip6963Detail => {
  const detail = value as Partial<Eip6963Detail> | undefined
  const info = detail?.info
  return (
    isProvider(detail?.provider) &&
    typeof info?.uuid === 'string' &&
    typeof info.name === 'string' &&
    typeof info.rdns === 'string'
  )
}

/** Asks an EIP-1193 provider for its account and chain, and to `personal_sign`. */
export const ethereumAccount = async (provider: Eip1193Provider): Promise<Account> => {
  const accounts = await provider.request({ method: 'eth_requestAccounts' })
  const address = Array.isArray(accounts) ? accounts[0] : undefined
  if (typeof address !== 'string') throw new Error('The wallet shared no account')
  const chainId = Number.parseInt(String(await provider.request({ method: 'eth_chainId' })), 16)
  if (!(chainId > 0)) throw new Error('The wallet named no valid chain id')
  return {
    address,
    chainId,
    sign: async (message) => {
      const signature = await provider.request({ method: 'personal_sign', params: [stringToHex(message), address] })
      if (typeof signature !== 'string') throw new Error('The wallet returned no signature')
      return { message, signature }
    },
  }
}

/**
 * Watches for Ethereum wallets: EIP-6963 announcements (asked for at once, and
 * taken whenever they come), else the legacy `window.ethereum`, also when it
 * is injected late (`ethereum#initialized`). One entry per `rdns` (or `uuid`).
 *
 * @example
 * const stop = watchEthereum(window, (found) => render(found.map((f) => f.wallet)))
 */
export const watchEthereum = (win: Window, onChange: (found: Found[]) => void): (() => void) => {
  const announced = new Map<string, Found>()
  const update = (): void => {
    const injected = (win as Window & { ethereum?: unknown }).ethereum
    const fallback: Found[] = isProvider(injected)
      ? [
          {
            wallet: { id: 'ethereum:injected', name: 'Browser wallet', icon: '', chainType: 'ethereum' },
            connect: () => ethereumAccount(injected),
          },
        ]
      : []
    onChange(announced.size ? [...announced.values()] : fallback)
  }
  const announce = (event: Event): void => {
    const detail = (event as CustomEvent<unknown>).detail
    if (!isDetail(detail)) return
    const { info, provider } = detail
    const key = info.rdns || info.uuid
    const wallet: Wallet = {
      id: `ethereum:${key}`,
      name: info.name,
      // EIP-6963 icons are data URIs; anything else is not shown.
      icon: typeof info.icon === 'string' && info.icon.startsWith('data:image/') ? info.icon : '',
      chainType: 'ethereum',
      ...(info.rdns && { rdns: info.rdns }),
    }
    announced.set(key, { wallet, connect: () => ethereumAccount(provider) })
    update()
  }
  win.addEventListener('eip6963:announceProvider', announce)
  win.addEventListener('ethereum#initialized', update)
  win.dispatchEvent(new Event('eip6963:requestProvider'))
  update()
  return () => {
    win.removeEventListener('eip6963:announceProvider', announce)
    win.removeEventListener('ethereum#initialized', update)
  }
}
