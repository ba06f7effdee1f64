import { atom } from 'nanostores'
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import type { MoonKeyClient, MoonKeyConfig } from '../index.ts'
import { fakeModalClient, fakeWalletModalClient, MODAL_USER, WALLET_ICON } from '../../test/modal-client.ts'
import { openLoginModal } from './index.ts'
import { de } from '../locales/de.ts'
import { fr } from '../locales/fr.ts'
import { en } from './texts.ts'
import type { LoginMethod, ModalClient, ModalConfig, ModalUser, ModalWallet, MoonKeyTexts } from './types.ts'

class FakeMoonKeyError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfter?: number,
    readonly status = 400,
  ) {
    super(message)
  }
}

const USER = MODAL_USER
const fakeClient = fakeModalClient

const host = () => document.querySelector('moonkey-login-modal')
const root = () => host()!.shadowRoot!
const q = <T extends Element = HTMLElement>(selector: string) => root().querySelector<T>(selector)!
const part = (name: string) => q(`[part="${name}"]`)
const emailInput = () => q<HTMLInputElement>('input[name="email"]')
const codeInput = () => q<HTMLInputElement>('input[name="code"]')
const active = () => root().activeElement
const flush = () => vi.advanceTimersByTimeAsync(0)

function type(input: HTMLInputElement, value: string): void {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
}

function key(name: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key: name,
    bubbles: true,
    composed: true,
    cancelable: true,
    ...init,
  })
  ;(active() ?? document.body).dispatchEvent(event)
  return event
}

async function toCodeStep(email = 'ada@example.com'): Promise<void> {
  type(emailInput(), email)
  part('email-submit').click()
  await flush()
}

let opener: HTMLButtonElement

beforeEach(() => {
  vi.useFakeTimers()
  opener = document.createElement('button')
  opener.textContent = 'Log in'
  document.body.append(opener)
  opener.focus()
})

afterEach(() => {
  host()?.remove()
  document.body.replaceChildren()
  vi.useRealTimers()
})

describe('opening and closing', () => {
  it('opens an accessible dialog in a shadow root with focus on the email field', () => {
    openLoginModal(fakeClient())
    expect(host()?.shadowRoot).toBeTruthy()
    expect(host()?.getAttribute('data-step')).toBe('email')
    const dialog = part('dialog')
    expect(dialog.getAttribute('role')).toBe('dialog')
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    const title = q(`#${dialog.getAttribute('aria-labelledby')}`)
    expect(title.textContent).toBe('Log in or sign up')
    expect(q(`label[for="${emailInput().id}"]`).textContent).toBe('Email address')
    expect(emailInput().type).toBe('email')
    expect(part('error').getAttribute('role')).toBe('alert')
    expect(part('close-button').getAttribute('aria-label')).toBe('Close')
    expect(active()).toBe(emailInput())
  })

  it('does nothing while logged in', () => {
    const client = fakeClient()
    client.$state.set({ ready: true, isAuthenticated: true, user: USER })
    openLoginModal(client)
    expect(host()).toBeNull()
  })

  it('focuses the open modal instead of opening a second one', () => {
    const client = fakeClient()
    openLoginModal(client)
    emailInput().blur()
    expect(active()).toBeNull()
    openLoginModal(client)
    expect(document.querySelectorAll('moonkey-login-modal')).toHaveLength(1)
    expect(active()).toBe(emailInput())
  })

  it('the close button removes it and returns focus to the opener', () => {
    openLoginModal(fakeClient())
    part('close-button').click()
    expect(host()).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('Escape cancels', () => {
    openLoginModal(fakeClient())
    const event = key('Escape')
    expect(event.defaultPrevented).toBe(true)
    expect(host()).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('a click on the backdrop cancels, a click in the dialog does not', () => {
    openLoginModal(fakeClient())
    part('dialog').dispatchEvent(new MouseEvent('mousedown', { bubbles: true }))
    part('dialog').click()
    expect(host()).not.toBeNull()
    part('backdrop').dispatchEvent(new MouseEvent('mousedown', { bubbles: true }))
    part('backdrop').click()
    expect(host()).toBeNull()
  })

  it('closes by itself when the user logs in elsewhere', () => {
    const client = fakeClient()
    openLoginModal(client)
    client.$state.set({ ready: true, isAuthenticated: true, user: USER })
    expect(host()).toBeNull()
  })

  it('stops its timers and listeners on close', async () => {
    const client = fakeClient({ emailOtp: { resendCodeTime: 30 } })
    openLoginModal(client)
    await toCodeStep()
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    const element = host()!
    key('Escape')
    expect(vi.getTimerCount()).toBe(0)
    // Nothing reacts any more: no re-focusing, no closing twice.
    opener.focus()
    client.$state.set({ ready: true, isAuthenticated: true, user: USER })
    expect(document.activeElement).toBe(opener)
    expect(element.isConnected).toBe(false)
  })

  it('cleans up when the element is removed from outside', async () => {
    openLoginModal(fakeClient())
    await toCodeStep()
    host()!.remove()
    expect(vi.getTimerCount()).toBe(0)
    expect(document.activeElement).toBe(opener)
  })
})

describe('keyboard focus trap', () => {
  it('Tab from the last control wraps to the first, Shift+Tab from the first to the last', async () => {
    openLoginModal(fakeClient())
    await toCodeStep()
    const close = part('close-button')
    const resend = part('resend-button')
    resend.focus()
    expect(key('Tab').defaultPrevented).toBe(true)
    expect(active()).toBe(close)
    expect(key('Tab', { shiftKey: true }).defaultPrevented).toBe(true)
    expect(active()).toBe(resend)
    codeInput().focus()
    expect(key('Tab').defaultPrevented).toBe(false)
  })

  it('pulls focus back when it lands outside the dialog', () => {
    openLoginModal(fakeClient())
    opener.focus()
    expect(active()).toBe(emailInput())
  })
})

describe('email step', () => {
  it('shows the client’s validation error inline and lets the user fix it', async () => {
    const client = fakeClient()
    client.sendCode.mockRejectedValueOnce(new FakeMoonKeyError('invalid_email', 'bad'))
    openLoginModal(client)
    await toCodeStep('not-an-email')
    expect(host()?.getAttribute('data-step')).toBe('email')
    expect(part('error').textContent).toBe('Enter a valid email address.')
    expect(emailInput().getAttribute('aria-invalid')).toBe('true')
    expect(emailInput().value).toBe('not-an-email')
    expect(active()).toBe(emailInput())
    await toCodeStep('ada@example.com')
    expect(client.sendCode).toHaveBeenLastCalledWith({ email: 'ada@example.com' })
    expect(host()?.getAttribute('data-step')).toBe('code')
    expect(part('error').textContent).toBe('')
  })

  it('a network error says so and the same button retries', async () => {
    const client = fakeClient()
    client.sendCode.mockRejectedValueOnce(new FakeMoonKeyError('network_error', 'fetch failed', undefined, 0))
    openLoginModal(client)
    await toCodeStep()
    expect(part('error').textContent).toMatch(/connection/)
    expect(part('email-submit').getAttribute('aria-disabled')).toBe('false')
    part('email-submit').click()
    await flush()
    expect(client.sendCode).toHaveBeenCalledTimes(2)
    expect(host()?.getAttribute('data-step')).toBe('code')
  })

  it('shows the busy state and ignores double submits while sending', async () => {
    const client = fakeClient()
    let release!: () => void
    client.sendCode.mockImplementationOnce(() => new Promise<void>((resolve) => (release = resolve)))
    openLoginModal(client)
    type(emailInput(), 'ada@example.com')
    part('email-submit').click()
    part('email-submit').click()
    expect(client.sendCode).toHaveBeenCalledTimes(1)
    expect(part('email-submit').textContent).toBe('Sending code…')
    expect(part('email-submit').getAttribute('aria-disabled')).toBe('true')
    release()
    await flush()
    expect(host()?.getAttribute('data-step')).toBe('code')
  })

  it('rate limited: counts down from retryAfter with the button disabled', async () => {
    const client = fakeClient()
    client.sendCode.mockRejectedValueOnce(new FakeMoonKeyError('rate_limited', 'slow down', 5, 429))
    openLoginModal(client)
    await toCodeStep()
    const submit = part('email-submit')
    expect(part('error').textContent).toBe('Too many attempts. Try again in 5 seconds.')
    expect(submit.getAttribute('aria-disabled')).toBe('true')
    expect(submit.textContent).toBe('Try again in 5s')
    submit.click()
    await flush()
    expect(client.sendCode).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(3000)
    expect(submit.textContent).toBe('Try again in 2s')
    await vi.advanceTimersByTimeAsync(2000)
    expect(submit.getAttribute('aria-disabled')).toBe('false')
    expect(submit.textContent).toBe('Continue')
    expect(part('error').textContent).toBe('')
    submit.click()
    await flush()
    expect(client.sendCode).toHaveBeenCalledTimes(2)
    expect(host()?.getAttribute('data-step')).toBe('code')
  })

  it('prefills the email', () => {
    openLoginModal(fakeClient(), { prefill: { type: 'email', value: 'grace@example.com' } })
    expect(emailInput().value).toBe('grace@example.com')
  })

  it('disableSignup: passes it to sendCode and says so, in its own words, for an unknown user', async () => {
    const client = fakeClient()
    client.sendCode.mockRejectedValueOnce(
      new FakeMoonKeyError('user_not_found', 'No user with this email.', undefined, 404),
    )
    openLoginModal(client, { disableSignup: true })
    expect(part('title').textContent).toBe('Log in')
    await toCodeStep('new@example.com')
    expect(client.sendCode).toHaveBeenCalledWith({ email: 'new@example.com', disableSignup: true })
    expect(part('error').textContent).toBe('There is no account for new@example.com.')
  })

  it('a server error shows a generic message, not the server’s text', async () => {
    const client = fakeClient()
    client.sendCode.mockRejectedValueOnce(new FakeMoonKeyError('server_error', 'db exploded', undefined, 500))
    openLoginModal(client)
    await toCodeStep()
    expect(part('error').textContent).toBe('Something went wrong. Please try again.')
  })
})

describe('code step', () => {
  it('the full flow: code submits itself at 6 digits, success shows, then closes', async () => {
    const client = fakeClient({ emailOtp: { verifiedDisplayTime: 2000 } })
    openLoginModal(client)
    await toCodeStep()
    expect(part('title').textContent).toBe('Enter your code')
    expect(part('description').textContent).toContain('ada@example.com')
    const input = codeInput()
    expect(input.getAttribute('inputmode')).toBe('numeric')
    expect(input.getAttribute('autocomplete')).toBe('one-time-code')
    expect(input.getAttribute('maxlength')).toBe('6')
    expect(active()).toBe(input)
    type(input, '12345')
    expect(client.loginWithCode).not.toHaveBeenCalled()
    type(input, '123456')
    await flush()
    expect(client.loginWithCode).toHaveBeenCalledWith({ code: '123456' })
    expect(host()?.getAttribute('data-step')).toBe('success')
    expect(part('title').textContent).toBe('You’re logged in')
    expect(part('description').textContent).toBe('Signed in as ada@example.com.')
    expect(part('status').textContent).toBe('You’re logged in. Signed in as ada@example.com.')
    expect(part('status').classList.contains('sr')).toBe(true)
    await vi.advanceTimersByTimeAsync(1999)
    expect(host()).not.toBeNull()
    await vi.advanceTimersByTimeAsync(1)
    expect(host()).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('skipVerifiedSuccess closes right after login', async () => {
    const client = fakeClient({ emailOtp: { skipVerifiedSuccess: true } })
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '123456')
    await flush()
    expect(host()).toBeNull()
  })

  it('strips non-digits and accepts a pasted code with spaces', async () => {
    const client = fakeClient()
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '12a')
    expect(codeInput().value).toBe('12')
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent
    Object.defineProperty(paste, 'clipboardData', { value: { getData: () => ' 123 456 ' } })
    codeInput().dispatchEvent(paste)
    await flush()
    expect(paste.defaultPrevented).toBe(true)
    expect(client.loginWithCode).toHaveBeenCalledWith({ code: '123456' })
  })

  it('a wrong code shows the tries left, clears the input and stays on the code step', async () => {
    const client = fakeClient()
    client.loginWithCode.mockRejectedValueOnce(
      new FakeMoonKeyError('otp_incorrect', 'The code is incorrect. 4 attempts left.'),
    )
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '000000')
    await flush()
    expect(host()?.getAttribute('data-step')).toBe('code')
    expect(part('error').textContent).toBe('That code is not right. Tries left: 4.')
    expect(codeInput().value).toBe('')
    expect(codeInput().getAttribute('aria-invalid')).toBe('true')
    expect(active()).toBe(codeInput())
    type(codeInput(), '123456')
    await flush()
    expect(host()?.getAttribute('data-step')).toBe('success')
  })

  it('submitting fewer than 6 digits shows the client’s validation error', async () => {
    const client = fakeClient()
    client.loginWithCode.mockRejectedValueOnce(new FakeMoonKeyError('invalid_code', 'bad code'))
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '12')
    part('code-submit').click()
    await flush()
    expect(part('error').textContent).toBe('Enter the 6-digit code from the email.')
  })

  it('resend is disabled with a visible countdown of resendCodeTime', async () => {
    const client = fakeClient({ emailOtp: { resendCodeTime: 30 } })
    openLoginModal(client)
    await toCodeStep()
    const resend = part('resend-button')
    expect(resend.textContent).toBe('Resend code in 30s')
    expect(resend.getAttribute('aria-disabled')).toBe('true')
    resend.click()
    await flush()
    expect(client.sendCode).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(resend.textContent).toBe('Resend code in 20s')
    await vi.advanceTimersByTimeAsync(20_000)
    expect(resend.textContent).toBe('Resend code')
    expect(resend.getAttribute('aria-disabled')).toBe('false')
    resend.click()
    await flush()
    expect(client.sendCode).toHaveBeenCalledTimes(2)
    expect(client.sendCode).toHaveBeenLastCalledWith({ email: 'ada@example.com' })
    expect(part('status').textContent).toBe('We sent a new code to ada@example.com.')
    expect(resend.textContent).toBe('Resend code in 30s')
  })

  it('an expired code says so and offers resend at once', async () => {
    const client = fakeClient({ emailOtp: { resendCodeTime: 60 } })
    client.loginWithCode.mockRejectedValueOnce(new FakeMoonKeyError('otp_expired', 'expired', undefined, 410))
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '123456')
    await flush()
    expect(part('error').textContent).toBe('This code has expired. Request a new one.')
    const resend = part('resend-button')
    expect(resend.getAttribute('aria-disabled')).toBe('false')
    expect(active()).toBe(resend)
    resend.click()
    await flush()
    expect(client.sendCode).toHaveBeenCalledTimes(2)
    expect(active()).toBe(codeInput())
    expect(part('error').textContent).toBe('')
  })

  it('rate limited on verify: counts down, then the code can be submitted', async () => {
    const client = fakeClient()
    client.loginWithCode.mockRejectedValueOnce(new FakeMoonKeyError('rate_limited', 'slow', 3, 429))
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '123456')
    await flush()
    expect(part('code-submit').textContent).toBe('Try again in 3s')
    type(codeInput(), '123456')
    await flush()
    expect(client.loginWithCode).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(3000)
    part('code-submit').click()
    await flush()
    expect(client.loginWithCode).toHaveBeenCalledTimes(2)
    expect(host()?.getAttribute('data-step')).toBe('success')
  })

  it('a network error on verify keeps the user on the code step', async () => {
    const client = fakeClient()
    client.loginWithCode.mockRejectedValueOnce(new FakeMoonKeyError('timeout', 'timed out', undefined, 0))
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '123456')
    await flush()
    expect(host()?.getAttribute('data-step')).toBe('code')
    expect(part('error').textContent).toMatch(/connection/)
  })

  it('"Use another email" goes back to the email step with the email kept', async () => {
    openLoginModal(fakeClient())
    await toCodeStep()
    part('back-button').click()
    expect(host()?.getAttribute('data-step')).toBe('email')
    expect(emailInput().value).toBe('ada@example.com')
    expect(active()).toBe(emailInput())
  })
})

describe('configuration', () => {
  it('takes the core client and its config as they are', () => {
    expectTypeOf<MoonKeyClient>().toExtend<ModalClient>()
    expectTypeOf<Readonly<MoonKeyConfig>>().toExtend<ModalConfig>()
  })

  it('uses the email-form texts when appearance sets no header', () => {
    openLoginModal(
      fakeClient({ texts: { emailFormTitle: 'Sign in to Acme', emailFormMessage: 'We email you a code.' } }),
      { disableSignup: true },
    )
    expect(part('title').textContent).toBe('Sign in to Acme')
    expect(part('description').textContent).toBe('We email you a code.')
  })

  it('honours appearance, texts and the emailOtp texts of the docs', async () => {
    const client = fakeClient({
      appearance: {
        logo: 'https://example.com/logo.svg',
        loginHeaderTitle: 'Welcome to Acme',
        loginHeaderDescription: 'Use your work email.',
      },
      emailOtp: {
        expiresIn: 300,
        verifyEmailTitle: 'Check your inbox',
        verifyEmailResendTitle: 'Send again',
        resendCodeTime: 0,
        verifiedSuccessMessage: 'Hello {email}',
      },
      texts: {
        verifyEmailTitle: 'loses to emailOtp',
        codeFormMessage: 'Code sent to {email}, valid {minutes} min.',
        verifiedTitle: 'All set',
        submitEmailText: 'Email me a code',
      },
    })
    openLoginModal(client)
    expect(part('logo').getAttribute('src')).toBe('https://example.com/logo.svg')
    expect(part('title').textContent).toBe('Welcome to Acme')
    expect(part('description').textContent).toBe('Use your work email.')
    expect(part('email-submit').textContent).toBe('Email me a code')
    await toCodeStep()
    expect(part('title').textContent).toBe('Check your inbox')
    expect(part('description').textContent).toBe('Code sent to ada@example.com, valid 5 min.')
    expect(part('resend-button').textContent).toBe('Send again')
    type(codeInput(), '123456')
    await flush()
    expect(part('title').textContent).toBe('All set')
    expect(part('description').textContent).toBe('Hello ada@example.com')
  })

  it('renders user-supplied text as text, never as HTML', async () => {
    openLoginModal(fakeClient())
    await toCodeStep('<img src=x onerror=alert(1)>@example.com')
    expect(part('description').querySelector('img')).toBeNull()
  })
})

describe('style isolation', () => {
  it('keeps its styles in the shadow root and resets inherited page styles', () => {
    const pageStyle = document.createElement('style')
    pageStyle.textContent = 'button { color: rgb(255, 0, 0) } body { font-family: Comic Sans MS }'
    document.head.append(pageStyle)
    openLoginModal(fakeClient())
    const shadow = root()
    expect(shadow.mode).toBe('open')
    // One constructable stylesheet: no <style> element for a CSP to block.
    expect(shadow.querySelector('style')).toBeNull()
    expect(shadow.adoptedStyleSheets).toHaveLength(1)
    const rules = [...shadow.adoptedStyleSheets[0]!.cssRules].map((rule) => rule.cssText).join('\n')
    expect(rules).toMatch(/:host\s*\{[^}]*all: initial/)
    expect(document.head.querySelectorAll('style')).toHaveLength(1)
    expect(document.querySelector('[part="dialog"]')).toBeNull()
    expect(getComputedStyle(opener).color).toBe('rgb(255, 0, 0)')
    expect(getComputedStyle(part('email-submit')).color).not.toBe('rgb(255, 0, 0)')
    pageStyle.remove()
  })

  it('without constructable stylesheets, uses a <style> with config.nonce', () => {
    const own = Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'adoptedStyleSheets')!
    delete (ShadowRoot.prototype as Partial<ShadowRoot>).adoptedStyleSheets
    try {
      openLoginModal(fakeClient({ nonce: 'r4nd0m' }))
      const style = root().querySelector('style')!
      expect(style.textContent).toContain(':host{all:initial')
      expect(style.nonce).toBe('r4nd0m')
    } finally {
      Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', own)
    }
  })
})

describe('the MoonKey docs’ emailOtp options', () => {
  it('shows the success screen for 3000 ms by default', async () => {
    openLoginModal(fakeClient())
    await toCodeStep()
    type(codeInput(), '123456')
    await flush()
    await vi.advanceTimersByTimeAsync(2999)
    expect(host()?.getAttribute('data-step')).toBe('success')
    await vi.advanceTimersByTimeAsync(1)
    expect(host()).toBeNull()
  })

  it('states expiresIn, given in seconds (default 600), in minutes', async () => {
    openLoginModal(fakeClient())
    await toCodeStep()
    expect(part('description').textContent).toBe(
      'We sent a 6-digit code to ada@example.com. It expires in 10 minutes.',
    )
  })

  it.each([
    [true, 'Email verified! Setting up your account...'],
    [false, 'Welcome back! Signing you in...'],
    [undefined, 'Success! You are now signed in.'],
  ])('isNewUser %s: shows the matching verified message', async (isNewUser, message) => {
    const client = {
      ...fakeClient({
        emailOtp: {
          verifyEmailTitle: 'Verify your email',
          verifyEmailResendTitle: 'Didn\'t receive a code?',
          verifiedNewUserMessage: 'Email verified! Setting up your account...',
          verifiedExistingUserMessage: 'Welcome back! Signing you in...',
          verifiedSuccessMessage: 'Success! You are now signed in.',
        },
      }),
      $loginState: atom<{ isNewUser?: boolean }>({ isNewUser }),
    }
    openLoginModal(client)
    await toCodeStep()
    expect(part('title').textContent).toBe('Verify your email')
    expect(part('resend-button').textContent).toBe('Resend code in 30s')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(part('resend-button').textContent).toBe('Didn\'t receive a code?')
    type(codeInput(), '123456')
    await flush()
    expect(part('description').textContent).toBe(message)
  })

  it('without new/existing texts, both see verifiedSuccessMessage', async () => {
    const client = {
      ...fakeClient({ texts: { verifiedSuccessMessage: 'Hi {email}' } }),
      $loginState: atom<{ isNewUser?: boolean }>({ isNewUser: true }),
    }
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '123456')
    await flush()
    expect(part('description').textContent).toBe('Hi ada@example.com')
  })

  it('a configured text wins over the API’s message', async () => {
    const client = fakeClient({ texts: { incorrectCodeMessage: 'Falscher Code.', attemptsLeftMessage: '' } })
    client.loginWithCode.mockRejectedValueOnce(new FakeMoonKeyError('otp_incorrect', 'The code is incorrect.'))
    openLoginModal(client)
    await toCodeStep()
    type(codeInput(), '000000')
    await flush()
    expect(part('error').textContent).toBe('Falscher Code.')
  })
})

describe('login methods and start() params this build cannot do', () => {
  const spy = () => vi.spyOn(console, 'error').mockImplementation(() => {})
  let errors: ReturnType<typeof spy>
  beforeEach(() => {
    errors = spy()
  })
  afterEach(() => errors.mockRestore())

  it('names each one in a console error (development), and still offers email', () => {
    openLoginModal(fakeClient({ loginMethods: ['email', 'sms' as LoginMethod] }))
    expect(errors.mock.calls.map(([text]) => text)).toEqual([
      "[moonkey] Login method 'sms' is not available in @moon-key/core's login modal: it offers 'email', 'google', 'apple' and 'wallet'.",
    ])
    host()!.remove()
    errors.mockClear()
    openLoginModal(fakeClient({ loginMethods: ['google'] }), {
      loginMethods: ['apple', 'wallet', 'passkey' as LoginMethod],
      walletChainType: 'ethereum-or-solana',
      prefill: { type: 'phone', value: '+4915112345678' },
    })
    expect(errors.mock.calls.map(([text]) => /^\[moonkey\] (.+?'\w+')/.exec(String(text))?.[1])).toEqual([
      "Login method 'passkey'",
      "prefill type 'phone'",
    ])
    expect(emailInput().value).toBe('')
  })

  it('says nothing for email, Google, Apple and wallet, or in production', () => {
    openLoginModal(fakeClient({ loginMethods: ['email'] }), { loginMethods: ['email', 'google', 'apple', 'wallet'] })
    host()!.remove()
    vi.stubEnv('NODE_ENV', 'production')
    try {
      openLoginModal(fakeClient(), { loginMethods: ['sms' as LoginMethod] })
    } finally {
      vi.unstubAllEnvs()
    }
    expect(errors).not.toHaveBeenCalled()
  })
})

/** Every text a person can see or hear in the modal now, one per line: text, accessible names, placeholders. */
function shownTexts(): string {
  const parts: string[] = []
  const walker = document.createTreeWalker(root(), NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.textContent ?? '')
  for (const el of root().querySelectorAll('*')) {
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      const value = el.getAttribute(name)
      if (value) parts.push(value)
    }
  }
  return parts.join('\n')
}

/** The English defaults, cut at their placeholders, that are long enough to mean something. */
const englishFragments = Object.entries(en)
  .filter(([key]) => key !== 'lang')
  .flatMap(([, text]) => (text as string).split(/\{\w+\}/))
  .map((fragment) => fragment.trim())
  .filter((fragment) => fragment.length >= 4)

describe.each([
  ['de', de],
  ['fr', fr],
] as [string, MoonKeyTexts][])('the %s pack', (lang, pack) => {
  const seen = new Set<string>()
  /** Asserts that no English is shown, and collects what is, to check every text was used. */
  const noEnglish = (): void => {
    const shown = shownTexts()
    // A fragment the pack itself uses is a word of both languages (French "minutes.").
    const own = Object.values(pack).join('\n')
    for (const fragment of englishFragments.filter((f) => !own.includes(f))) {
      // As a phrase of its own: French "Continuer" is not English "Continue".
      const escaped = fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const phrase = new RegExp(`(?<!\\p{L})${escaped}(?!\\p{L})`, 'u')
      expect(shown, `English "${fragment}" in state ${host()?.getAttribute("data-step")}`).not.toMatch(phrase)
    }
    seen.add(shown)
  }
  const reject = (method: 'sendCode' | 'loginWithCode', client: ReturnType<typeof fakeClient>, error: FakeMoonKeyError) =>
    client[method].mockRejectedValueOnce(error)

  it('walks every state of the modal with no English left', async () => {
    const client = { ...fakeClient({ texts: pack }), $loginState: atom<{ isNewUser?: boolean }>({}) }
    // Email step, its errors, and sending.
    openLoginModal(client)
    expect(part('dialog').getAttribute('lang')).toBe(lang)
    noEnglish()
    reject('sendCode', client, new FakeMoonKeyError('invalid_email', 'Enter a valid email address'))
    await toCodeStep('nope')
    noEnglish()
    reject('sendCode', client, new FakeMoonKeyError('network_error', 'Failed to fetch', undefined, 0))
    await toCodeStep()
    noEnglish()
    reject('sendCode', client, new FakeMoonKeyError('server_error', 'Internal error', undefined, 500))
    await toCodeStep()
    noEnglish()
    reject('sendCode', client, new FakeMoonKeyError('rate_limited', 'Too many requests', 9, 429))
    await toCodeStep()
    noEnglish()
    await vi.advanceTimersByTimeAsync(9000)
    let release!: () => void
    client.sendCode.mockImplementationOnce(() => new Promise<void>((r) => (release = r)))
    type(emailInput(), 'ada@example.com')
    part('email-submit').click()
    noEnglish() // sending…
    release()
    await flush()

    // Code step: countdown, its errors, verifying, resend.
    expect(host()?.getAttribute("data-step")).toBe('code')
    noEnglish()
    for (const error of [
      new FakeMoonKeyError('invalid_code', 'Enter the 6-digit code from the email'),
      new FakeMoonKeyError('otp_incorrect', 'The code is incorrect; 4 attempts left.'),
      new FakeMoonKeyError('otp_expired', 'The code has expired.', undefined, 410),
      new FakeMoonKeyError('rate_limited', 'Too many attempts.', 3, 429),
    ]) {
      reject('loginWithCode', client, error)
      type(codeInput(), '000000')
      await flush()
      noEnglish()
      await vi.advanceTimersByTimeAsync(3000)
    }
    await vi.advanceTimersByTimeAsync(30_000)
    noEnglish() // resend enabled
    part('resend-button').click()
    await flush()
    noEnglish() // resent
    let verify!: () => void
    client.loginWithCode.mockImplementationOnce(
      () => new Promise((r) => (verify = () => {
        client.$state.set({ ready: true, isAuthenticated: true, user: USER })
        r(USER)
      })),
    )
    type(codeInput(), '123456')
    noEnglish() // verifying…
    verify()
    await flush()
    expect(host()?.getAttribute("data-step")).toBe('success')
    noEnglish()

    // Log in only, and an email without an account.
    await vi.advanceTimersByTimeAsync(3000)
    client.$state.set({ ready: true, isAuthenticated: false, user: null })
    openLoginModal(client, { disableSignup: true })
    expect(part('title').textContent).toBe(pack.emailFormLoginOnlyTitle)
    reject('sendCode', client, new FakeMoonKeyError('user_not_found', 'No user with this email.', undefined, 404))
    await toCodeStep('new@example.com')
    expect(part('error').textContent).toBe(pack.userNotFoundMessage.replace('{email}', 'new@example.com'))
    noEnglish()

    // Google and Apple buttons, and how an OAuth login can fail.
    host()!.remove()
    const withOAuth = {
      ...client,
      config: { ...client.config, loginMethods: ['google', 'apple', 'email'] as const },
      loginWithOAuth: vi.fn(async (_params: { provider: 'google' | 'apple'; mode?: 'redirect' | 'popup' }): Promise<unknown> => USER),
    }
    openLoginModal(withOAuth)
    noEnglish()
    for (const error of [
      new FakeMoonKeyError('oauth_cancelled', 'The login was cancelled.'),
      new FakeMoonKeyError('popup_blocked', 'The popup was blocked.'),
      new FakeMoonKeyError('oauth_state_mismatch', 'State mismatch.'),
    ]) {
      withOAuth.loginWithOAuth.mockRejectedValueOnce(error)
      part('oauth-button').click()
      await flush()
      noEnglish()
    }

    // The wallets: none installed, the list, waiting for the wallet, and how a wallet login can fail.
    host()!.remove()
    const { client: withWallets, settle } = fakeWalletModalClient({ texts: pack, loginMethods: ['wallet', 'email'] })
    openLoginModal(withWallets)
    await flush()
    expect(part('no-wallet').textContent).toBe(pack.noWalletMessage)
    noEnglish()
    const metamask: ModalWallet = { id: 'ethereum:io.metamask', name: 'MetaMask', icon: WALLET_ICON, chainType: 'ethereum' }
    withWallets.$walletLogin.set({ wallets: [metamask] })
    noEnglish()
    for (const code of ['wallet_rejected', 'wallet_not_found', 'wallet_error']) {
      part('wallet-button').click()
      noEnglish() // waiting for the wallet
      settle().reject(new FakeMoonKeyError(code, 'The wallet said no.'))
      await flush()
      noEnglish()
    }
    part('wallet-button').click()
    settle().resolve()
    await flush()
    expect(host()?.getAttribute('data-step')).toBe('success')
    noEnglish()

    // Every text of the pack was on screen in some state (lang, and the empty ones, aside).
    const all = [...seen].join('\n')
    const unseen = Object.entries(pack)
      .filter(([key, text]) => key !== 'lang' && text)
      .flatMap(([key, text]) => text.split(/\{\w+\}/).map((f: string) => [key, f.trim()] as const))
      .filter(([, fragment]) => fragment.length >= 4 && !all.includes(fragment))
      .map(([key]) => key)
    expect(unseen).toEqual([])
  })
})
