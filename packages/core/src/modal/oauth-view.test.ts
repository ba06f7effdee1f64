import { atom } from 'nanostores'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeModalClient, MODAL_USER } from '../../test/modal-client.ts'
import { REOPEN_MODAL_KEY } from '../oauth/context.ts'
import { openLoginModal } from './index.ts'
import { en as t } from './texts.ts'
import type { ModalConfig, ModalError, StartParams } from './types.ts'

/** The modal tests' client, plus a loginWithOAuth that settles when the test says so. */
function fakeClient(config: ModalConfig = {}) {
  const base = fakeModalClient(config)
  const { $state } = base
  const $loginState = atom<{ status: string; error: ModalError | null }>({ status: 'initial', error: null })
  let settle!: { resolve: () => void; reject: (error: unknown) => void }
  const client = {
    ...base,
    $loginState,
    loginWithOAuth: vi.fn(
      (_input: { provider: 'google' | 'apple'; mode?: 'redirect' | 'popup' }) =>
        new Promise<unknown>((resolve, reject) => {
          settle = {
            resolve: () => {
              $state.set({ ready: true, isAuthenticated: true, user: MODAL_USER })
              resolve(MODAL_USER)
            },
            reject,
          }
        }),
    ),
  }
  return { client, settle: () => settle }
}

const root = () => document.querySelector('moonkey-login-modal')!.shadowRoot!
const parts = (name: string) => [...root().querySelectorAll<HTMLElement>(`[part="${name}"]`)]
const part = (name: string) => parts(name)[0]!
const flush = () => vi.advanceTimersByTimeAsync(0)
/** The body's children in order, by part or class. */
const layout = () => [...part('body').children].map((el) => el.getAttribute('part') ?? el.className)

const open = (config: ModalConfig, params?: StartParams) => {
  const fake = fakeClient(config)
  openLoginModal(fake.client, params)
  return fake
}

beforeEach(() => {
  vi.useFakeTimers()
  sessionStorage.clear()
})
afterEach(() => {
  document.body.replaceChildren()
  vi.useRealTimers()
})

describe('the login modal with Google and Apple', () => {
  it('shows Continue with Google / Apple in the configured order, above or below the email form', () => {
    open({ loginMethods: ['google', 'apple', 'email'] })
    expect(parts('oauth-button').map((b) => b.textContent)).toEqual(['Continue with Google', 'Continue with Apple'])
    expect(parts('oauth-button').every((b) => b.getAttribute('type') === 'button')).toBe(true)
    expect(layout()).toEqual(['oauth', 'sep', 'email-form'])
    document.body.replaceChildren()

    open({ loginMethods: ['email', 'apple', 'google'] })
    expect(parts('oauth-button').map((b) => b.textContent)).toEqual(['Continue with Apple', 'Continue with Google'])
    expect(layout()).toEqual(['email-form', 'sep', 'oauth'])
    document.body.replaceChildren()

    // start({ loginMethods }) wins over the config; without email there is no form.
    open({ loginMethods: ['email', 'google'] }, { loginMethods: ['apple'] })
    expect(layout()).toEqual(['oauth', 'error'])
    expect(root().querySelector('input[name="email"]')).toBeNull()
    document.body.replaceChildren()

    open({})
    expect(parts('oauth-button')).toEqual([])
  })

  it('logs in by redirect by default and remembers to reopen after the trip', () => {
    const { client } = open({ loginMethods: ['email', 'google'] })
    part('oauth-button').click()
    expect(client.loginWithOAuth).toHaveBeenCalledWith({ provider: 'google', mode: 'redirect' })
    expect(sessionStorage.getItem(REOPEN_MODAL_KEY)).toBe('google')
    expect(parts('oauth-button').every((b) => b.getAttribute('aria-disabled') === 'true')).toBe(true)
    expect(part('email-submit').getAttribute('aria-disabled')).toBe('true')
  })

  it('logs in in a popup with oauthMode: popup, calling the client within the click, then shows success', async () => {
    const { client, settle } = open({ loginMethods: ['apple'], oauthMode: 'popup' })
    part('oauth-button').click()
    expect(client.loginWithOAuth).toHaveBeenCalledWith({ provider: 'apple', mode: 'popup' })
    expect(sessionStorage.getItem(REOPEN_MODAL_KEY)).toBeNull()
    settle().resolve()
    await flush()
    expect(document.querySelector<HTMLElement>('moonkey-login-modal')!.dataset.step).toBe('success')
    expect(part('title').textContent).toBe(t.verifiedTitle)
  })

  it('shows why a popup login failed and lets the user try again', async () => {
    const { client, settle } = open({ loginMethods: ['google', 'email'], oauthMode: 'popup' })
    part('oauth-button').click()
    settle().reject({ code: 'popup_blocked', message: 'blocked' })
    await flush()
    expect(part('error').textContent).toBe(t.popupBlockedMessage)
    part('oauth-button').click()
    settle().reject({ code: 'oauth_cancelled', message: 'closed' })
    await flush()
    expect(part('error').textContent).toBe(t.oauthCancelledMessage)
    expect(client.loginWithOAuth).toHaveBeenCalledTimes(2)
    expect(parts('oauth-button').every((b) => b.getAttribute('aria-disabled') === 'false')).toBe(true)
  })

  it('opens with the reason an OAuth login that came back by redirect failed', () => {
    const fake = fakeClient({ loginMethods: ['email', 'google'] })
    fake.client.$loginState.set({ status: 'error', error: { code: 'oauth_cancelled', message: 'The login was cancelled' } })
    openLoginModal(fake.client)
    expect(part('error').textContent).toBe(t.oauthCancelledMessage)
  })

  it('does not show an email login error from before on opening', () => {
    const fake = fakeClient({ loginMethods: ['email', 'google'] })
    fake.client.$loginState.set({ status: 'error', error: { code: 'otp_incorrect', message: 'wrong' } })
    openLoginModal(fake.client)
    expect(part('error').textContent).toBe('')
  })
})
