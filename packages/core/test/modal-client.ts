import { atom } from 'nanostores'
import { vi } from 'vitest'

import type { ModalConfig, ModalUser } from '../src/modal/types.ts'

export const MODAL_USER = { id: 'user_1', email: 'ada@example.com' }

/**
 * A logged-out client for the login modal's tests: `sendCode` resolves,
 * `loginWithCode` logs `MODAL_USER` in.
 *
 * @example
 * const client = fakeModalClient({ emailOtp: { resendCodeTime: 30 } })
 * openLoginModal(client)
 */
export function fakeModalClient(config: ModalConfig = {}) {
  const $state = atom<{ ready: boolean; isAuthenticated: boolean; user: ModalUser | null }>({
    ready: true,
    isAuthenticated: false,
    user: null,
  })
  return {
    $state,
    config,
    sendCode: vi.fn(async (_params: { email: string; disableSignup?: boolean }) => {}),
    loginWithCode: vi.fn(async (_params: { code: string }) => {
      $state.set({ ready: true, isAuthenticated: true, user: MODAL_USER })
      return MODAL_USER
    }),
  }
}
