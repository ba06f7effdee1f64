import { atom } from 'nanostores'

import type { Clock } from '../clock.ts'
import { startOnListen } from '../start-on-listen.ts'
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

type Loaded = Pick<MoonKeyClient, 'getWallets' | 'loginWithWallet'> & { stop(): void }
type WalletLogin = Pick<MoonKeyClient, '$walletLogin'> & {
  /** Loads the wallet module (once) and starts discovery. */
  loadWallets(): Promise<Loaded>
  /** Stops discovery (the client's `destroy()`). */
  stopWallets(): void
}

/**
 * The wallet login's eager part: one store, and `loadWallets()`, which loads
 * `../wallet/` (discovery, message formats, signing) on first use, so apps
 * that never log in with a wallet download none of it. `stopWallets()` stops
 * discovery (the client's `destroy()`).
 *
 * @example
 * const wallet = createWalletLogin({ http, login, clock, MoonKeyError }, browser)
 * wallet.$walletLogin.subscribe(({ wallets }) => render(wallets)) // starts discovery
 * const wallets = await (await wallet.loadWallets()).getWallets()
 */
export const createWalletLogin = (deps: WalletDeps, browser: boolean): WalletLogin => {
  const $walletLogin = atom<WalletLoginState>({ wallets: [], status: 'initial', error: null })
  let loaded: Promise<Loaded> | undefined
  const loadWallets = () =>
    (loaded ??= import('../wallet/index.ts').then((m) => m.startWalletLogin($walletLogin, deps)))
  // The first lasting listener starts discovery (in a browser only), not a bare get().
  if (browser) startOnListen($walletLogin, loadWallets)
  return {
    $walletLogin,
    loadWallets,
    stopWallets: () => void loaded?.then((wallet) => wallet.stop()),
  }
}
