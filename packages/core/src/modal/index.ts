import { mountLoginModal, TAG, type ModalHost } from './login-modal.ts'
import type { ModalClient, StartParams } from './types.ts'

export { defaultTexts } from './texts.ts'
export type {
  AppearanceConfig,
  EmailOtpConfig,
  EmailOtpTexts,
  LoginMethod,
  ModalClient,
  ModalConfig,
  ModalError,
  StartParams,
} from './types.ts'

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
 * Opens MoonKey's login modal (email → 6-digit code → success) for `client`.
 * Does nothing while the user is logged in; while a modal is open it focuses it.
 * `nonce` (the `nonce` option of `createMoonKey`) goes on its `<style>` in
 * browsers without constructable stylesheets.
 *
 * @example
 * import { openLoginModal } from './modal/index.ts'
 * openLoginModal(moonkey, { prefill: { type: 'email', value: 'ada@example.com' } })
 */
export function openLoginModal(client: ModalClient, params?: StartParams, nonce?: string): void {
  if (typeof document === 'undefined' || client.$state.get().isAuthenticated) return
  const open = document.querySelector<ModalHost>(TAG)
  if (open?.controller) return open.controller.focus()
  defineElement()
  const host = document.createElement(TAG) as ModalHost
  const parent = document.body ?? document.documentElement
  parent.append(host)
  mountLoginModal(host, client, params, nonce)
}
