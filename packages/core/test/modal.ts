import { vi } from 'vitest'

/**
 * Waits for `selector` in the login modal's shadow root (the modal is a dynamic
 * import, and a login step may wait on the API) and returns it.
 */
export const inModal = <T extends Element = HTMLElement>(selector: string): Promise<T> =>
  vi.waitFor(
    () =>
      document.querySelector('moonkey-login-modal')?.shadowRoot?.querySelector<T>(selector) ??
      Promise.reject(new Error(`no ${selector} in the login modal yet`)),
    { timeout: 10_000 },
  )
