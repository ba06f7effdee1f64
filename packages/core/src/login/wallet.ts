import { atom } from 'nanostores'

import type { Clock } from '../clock.ts'
import type { MoonKeyError } from '../errors.ts'
import type { Http } from '../http.ts'
import type { SessionAnswer } from '../session-store.ts'
import type { MoonKeyClient, User, WalletLoginState } from '../types.ts'

/** What the lazily loaded wallet module needs from the client. */
export interface WalletDeps {
  http: Http
  login: (answer: SessionAnswer) => Promise<User>
  clock: Clock
  /**
   * The client's error class: the script-tag build loads the wallet module as
   * a file of its own, whose errors must still pass `isMoonKeyError`.
   */
  MoonKeyError: typeof MoonKeyError
}

type WalletLogin = Pick<MoonKeyClient, '$walletLogin' | 'getWallets' | 'loginWithWallet'>
type Loaded = Omit<WalletLogin, '$walletLogin'> & { stop(): void }

/**
 * The wallet login's eager part: one store and two functions that load
 * `../wallet/` (discovery, message formats, signing) on first use, so apps
 * that never log in with a wallet download none of it. The second item stops
 * discovery (the client's `destroy()`).
 *
 * @example
 * const [wallet, stop] = createWalletLogin({ http, login, clock, MoonKeyError }, browser)
 * wallet.$walletLogin.subscribe(({ wallets }) => render(wallets)) // starts discovery
 */
export const createWalletLogin = (deps: WalletDeps, browser: boolean): [WalletLogin, () => void] => {
  const $walletLogin = atom<WalletLoginState>({ wallets: [], status: 'initial', error: null })
  let loaded: Promise<Loaded> | undefined
  const load = () =>
    (loaded ??= import('../wallet/index.ts').then((m) => m.startWalletLogin($walletLogin, deps)))
  // The first listener starts discovery (in a browser only).
  const listen = $walletLogin.listen
  $walletLogin.listen = (listener) => (browser && void load(), listen(listener))
  return [
    {
      $walletLogin,
      getWallets: async () => (await load()).getWallets(),
      loginWithWallet: async (input) => (await load()).loginWithWallet(input),
    },
    () => void loaded?.then((wallet) => wallet.stop()),
  ]
}
