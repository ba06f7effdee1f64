import { development } from '../dev.ts'
import { mountLoginModal, TAG, type ModalHost } from './login-modal.ts'
import type { ModalClient, StartParams } from './types.ts'

export { en } from './texts.ts'
export type {
  AppearanceConfig,
  EmailOtpConfig,
  LoginMethod,
  ModalClient,
  ModalConfig,
  ModalError,
  ModalWallet,
  MoonKeyTexts,
  StartParams,
  WalletChainType,
} from './types.ts'

/** In development, names each requested thing this build cannot do (a misspelt method, phone prefill): never a silent no-op. */
function reportUnsupported(client: ModalClient, params: StartParams = {}): void {
  if (!development()) return
  for (const method of params.loginMethods ?? client.config.loginMethods ?? []) {
    if (!['email', 'google', 'apple', 'wallet'].includes(method)) {
      console.error(
        `[moonkey] Login method '${method}' is not available in @moon-key/core's login modal: it offers 'email', 'google', 'apple' and 'wallet'.`,
      )
    }
  }
  if (params.prefill?.type === 'phone') {
    console.error(`[moonkey] prefill type 'phone' needs SMS login, which this build does not have: it is ignored.`)
  }
}

/** Registers `<moonkey-login-modal>` on first use; the class itself only cleans up on removal. */
function defineElement(): void {
  if (customElements.get(TAG)) return
  customElements.define(
    TAG,
    class extends HTMLElement {
      disconnectedCallback(this: ModalHost): void {
        this.controller?.destroy()
      }
    },
  )
}

/**
 * Opens MoonKey's login modal (email → 6-digit code → success; Google, Apple and
 * installed wallets as `loginMethods` says) for `client`.
 * Does nothing while the user is logged in; while a modal is open it focuses it.
 *
 * @example
 * import { openLoginModal } from './modal/index.ts'
 * openLoginModal(moonkey, { prefill: { type: 'email', value: 'ada@example.com' } })
 */
export function openLoginModal(client: ModalClient, params?: StartParams): void {
  if (typeof document === 'undefined' || client.$state.get().isAuthenticated) return
  const open = document.querySelector<ModalHost>(TAG)
  if (open?.controller) return open.controller.focus()
  reportUnsupported(client, params)
  defineElement()
  const host = document.createElement(TAG) as ModalHost
  const parent = document.body ?? document.documentElement
  parent.append(host)
  mountLoginModal(host, client, params)
}
