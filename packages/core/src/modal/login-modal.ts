import { countdown } from './countdown.ts'
import { h } from './dom.ts'
import { describeError } from './errors.ts'
import { deepActiveElement, focusables, trapTab } from './focus.ts'
import { adoptStyles } from './styles.ts'
import { REOPEN_MODAL_KEY } from '../oauth/context.ts'
import { oauthProviders, oauthView, type OAuthProviderName } from './oauth-view.ts'
import { fill, resolveTexts } from './texts.ts'
import type { LoginMethod, ModalClient, ModalWallet, StartParams } from './types.ts'
import { walletView } from './wallet-view.ts'

export const TAG = 'moonkey-login-modal'

/** What the host element carries while open. */
export interface ModalController {
  /** Moves focus into the dialog unless it is already there. */
  focus(): void
  /** Cancels: removes the element, cleans up, returns focus. */
  close(): void
}

export interface ModalHost extends HTMLElement {
  controller?: ModalController & { destroy(): void }
}

type Step = 'email' | 'code' | 'success'

type WalletClient = Required<Pick<ModalClient, '$walletLogin' | 'getWallets' | 'loginWithWallet'>>

/** The client, if it can log in with a wallet (the core client can; a bare ModalClient may not). */
const walletClient = (client: ModalClient): WalletClient | undefined =>
  client.$walletLogin && client.getWallets && client.loginWithWallet ? (client as ModalClient & WalletClient) : undefined

const setDisabled = (el: HTMLElement | undefined, on: boolean): void =>
  el?.setAttribute('aria-disabled', String(on))

/**
 * Renders the login flow into `host`'s shadow root and wires it to `client`.
 * `host` must already be in the document. Everything it starts (timers,
 * listeners, the store subscription) stops when the element is closed or removed.
 */
export function mountLoginModal(
  host: ModalHost,
  client: ModalClient,
  params: StartParams = {},
): ModalController {
  const { appearance = {}, emailOtp = {} } = client.config
  const t = resolveTexts(client.config)
  const configured = client.config.texts ?? {}
  const resendSeconds = emailOtp.resendCodeTime ?? 30
  const disableSignup = params.disableSignup === true
  // The email form, the Google and Apple buttons and the wallets, as loginMethods orders them.
  const methods = params.loginMethods ?? client.config.loginMethods ?? ['email']
  const providers = client.loginWithOAuth ? oauthProviders(methods) : []
  const wallets = methods.includes('wallet') ? walletClient(client) : undefined
  const withEmail = methods.includes('email') || (!providers.length && !wallets)
  const returnTo = deepActiveElement()
  const listeners = new AbortController()
  const { signal } = listeners
  const stops = new Set<() => void>()

  let closed = false
  let step: Step = 'email'
  let email = params.prefill?.type === 'email' ? params.prefill.value : ''
  let busy = false
  let busyLabel = ''
  let blockedLeft = 0
  let resendLeft = 0
  let stopResend: (() => void) | undefined
  let stopBlock: (() => void) | undefined
  let field: HTMLInputElement | undefined
  let primary: HTMLButtonElement | undefined
  let primaryLabel = ''
  let resend: HTMLButtonElement | undefined
  let submitting = false
  let unsubscribe: (() => void) | undefined
  let walletList: HTMLElement | undefined

  const on = <E extends Event>(target: EventTarget, type: string, fn: (event: E) => void): void =>
    target.addEventListener(type, fn as EventListener, { signal })

  /** A timer that is cleared on close. */
  const track = (stop: () => void): (() => void) => {
    stops.add(stop)
    return () => {
      stops.delete(stop)
      stop()
    }
  }

  // ---- static frame -------------------------------------------------------
  const title = h('h2', { id: 'mk-title', part: 'title' })
  const description = h('p', { id: 'mk-description', part: 'description' })
  const body = h('div', { part: 'body' })
  const error = h('p', { id: 'mk-error', part: 'error', class: 'error', role: 'alert' })
  const status = h('p', { part: 'status', class: 'status', role: 'status' })
  const closeButton = h(
    'button',
    { type: 'button', part: 'close-button', class: 'close', 'aria-label': t.closeLabel },
    '×',
  )
  const dialog = h(
    'div',
    {
      part: 'dialog',
      class: 'dialog',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'mk-title',
      'aria-describedby': 'mk-description',
      tabindex: '-1',
      lang: t.lang,
    },
    closeButton,
  )
  if (appearance.logo) dialog.append(h('img', { part: 'logo', src: appearance.logo, alt: '' }))
  dialog.append(title, description, body, status)
  const backdrop = h('div', { part: 'backdrop', class: 'backdrop' }, dialog)
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
  root.replaceChildren(...adoptStyles(root, client.config.nonce), backdrop)

  // ---- state → DOM --------------------------------------------------------
  const setHeader = (heading: string, text = ''): void => {
    title.textContent = heading
    description.textContent = text
    description.hidden = !text
  }

  const sync = (): void => {
    if (!primary || !field) return
    const blocked = blockedLeft > 0
    setDisabled(primary, busy || blocked)
    primary.setAttribute('aria-busy', String(busy))
    primary.textContent = blocked
      ? fill(t.retryCountdownText, { seconds: blockedLeft })
      : busy && busyLabel
        ? busyLabel
        : primaryLabel
    field.readOnly = busy
    if (resend) {
      setDisabled(resend, busy || blocked || resendLeft > 0)
      resend.textContent =
        resendLeft > 0 ? fill(t.resendCodeCountdownText, { seconds: resendLeft }) : t.verifyEmailResendTitle
    }
  }

  const setBusy = (value: boolean, label = ''): void => {
    busy = value
    busyLabel = label
    for (const button of body.querySelectorAll<HTMLElement>('[part=oauth-button],[part=wallet-button]')) {
      setDisabled(button, value)
    }
    sync()
  }

  const clearError = (): void => {
    error.textContent = ''
    field?.removeAttribute('aria-invalid')
  }

  const startResendCountdown = (seconds: number): void => {
    stopResend?.()
    resendLeft = 0
    if (seconds > 0) {
      stopResend = track(
        countdown(
          seconds,
          (left) => {
            resendLeft = left
            sync()
          },
          () => {
            resendLeft = 0
            sync()
          },
        ),
      )
    }
    sync()
  }

  const block = (seconds: number): void => {
    stopBlock?.()
    const message = error.textContent
    stopBlock = track(
      countdown(
        seconds,
        (left) => {
          blockedLeft = left
          sync()
        },
        () => {
          blockedLeft = 0
          if (error.textContent === message) clearError()
          sync()
        },
      ),
    )
  }

  /** Shows a failed call inline; returns its kind so the caller can recover. */
  const showError = (reason: unknown, shownEmail = email): string => {
    const view = describeError(reason, t, shownEmail)
    error.textContent = view.message
    if (view.kind === 'email' || view.kind === 'code') field?.setAttribute('aria-invalid', 'true')
    if (view.kind === 'rate' && view.retryAfter > 0) block(view.retryAfter)
    if (view.kind === 'expired') startResendCountdown(0)
    sync()
    return view.kind
  }

  const focusStart = (): void => (field ?? dialog).focus()

  // ---- steps --------------------------------------------------------------
  const form = (part: string, onSubmit: () => void, ...children: Node[]): HTMLFormElement => {
    const el = h('form', { part, novalidate: '' }, ...children)
    on(el, 'submit', (event) => {
      event.preventDefault()
      onSubmit()
    })
    return el
  }

  const showEmailStep = (): void => {
    step = 'email'
    host.dataset.step = step
    resend = undefined
    setHeader(
      appearance.loginHeaderTitle ||
        (disableSignup && (configured.emailFormLoginOnlyTitle || !configured.emailFormTitle)
          ? t.emailFormLoginOnlyTitle
          : t.emailFormTitle),
      appearance.loginHeaderDescription || t.emailFormMessage,
    )
    field = primary = undefined
    const sections: [number, Node][] = []
    // Positions in loginMethods; email may be there only as the fallback.
    const at = (method: LoginMethod): number => (methods.includes(method) ? methods.indexOf(method) : methods.length)
    if (withEmail) {
      field = h('input', {
        id: 'mk-email',
        name: 'email',
        part: 'email-input',
        type: 'email',
        autocomplete: 'email',
        inputmode: 'email',
        spellcheck: 'false',
        placeholder: t.emailPlaceholder,
        'aria-describedby': 'mk-error',
      })
      field.value = email
      primaryLabel = t.submitEmailText
      primary = h('button', { type: 'submit', part: 'email-submit', class: 'primary' })
      const emailForm = form(
        'email-form',
        () => void sendEmail(false),
        h('label', { for: 'mk-email' }, t.emailLabel),
        field,
        error,
        primary,
      )
      sections.push([at('email'), emailForm])
    }
    // The email form, the provider buttons and the wallets, in the order of loginMethods, "or" between them.
    if (providers.length) sections.push([at(providers[0]!), oauthView(providers, t, loginWith, signal)])
    if (wallets) sections.push([at('wallet'), (walletList ??= showWallets(wallets))])
    sections.sort((a, b) => a[0] - b[0])
    body.replaceChildren(
      ...sections.flatMap(([, node], i) => (i ? [h('p', { class: 'sep' }, t.oauthSeparatorText), node] : [node])),
      // Without the form, errors show below everything.
      ...(withEmail ? [] : [error]),
    )
    sync()
  }

  const showCodeStep = (): void => {
    step = 'code'
    host.dataset.step = step
    setHeader(t.verifyEmailTitle, fill(t.codeFormMessage, { email, minutes: (emailOtp.expiresIn ?? 600) / 60 }))
    const input = h('input', {
      id: 'mk-code',
      name: 'code',
      part: 'code-input',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      maxlength: '6',
      pattern: '[0-9]*',
      spellcheck: 'false',
      'aria-describedby': 'mk-error',
    })
    const accept = (text: string): void => {
      input.value = text.replace(/\D/g, '').slice(0, 6)
      if (input.value.length === 6) void submitCode()
    }
    on(input, 'input', () => accept(input.value))
    // maxlength would cut "123 456" before the input event sees it.
    on<ClipboardEvent>(input, 'paste', (event) => {
      const text = event.clipboardData?.getData('text')
      if (text == null || input.readOnly) return
      event.preventDefault()
      accept(text)
    })
    field = input
    primaryLabel = t.submitCodeText
    primary = h('button', { type: 'submit', part: 'code-submit', class: 'primary' })
    resend = h('button', { type: 'button', part: 'resend-button', class: 'link' })
    const back = h(
      'button',
      { type: 'button', part: 'back-button', class: 'link' },
      t.useAnotherEmailText,
    )
    on(resend, 'click', () => void sendEmail(true))
    on(back, 'click', () => {
      if (busy) return
      clearError()
      status.textContent = ''
      startResendCountdown(0)
      showEmailStep()
      focusStart()
    })
    body.replaceChildren(
      form(
        'code-form',
        () => void submitCode(),
        h('label', { for: 'mk-code' }, t.codeLabel),
        input,
        error,
        primary,
      ),
      h('div', { class: 'row' }, back, resend),
    )
    sync()
  }

  const showSuccessStep = (shownEmail: string, byWallet: boolean): void => {
    step = 'success'
    host.dataset.step = step
    field = primary = resend = undefined
    clearError()
    // `user_created` from the send: a new user, a returning one, or unknown.
    const isNewUser = byWallet ? undefined : client.$loginState?.get().isNewUser
    const template =
      (isNewUser ? t.verifiedNewUserMessage : isNewUser === false ? t.verifiedExistingUserMessage : '') ||
      t.verifiedSuccessMessage
    const message = fill(template, { email: shownEmail })
    setHeader(t.verifiedTitle, message)
    // Announced for screen readers; the header already shows it.
    status.classList.add('sr')
    status.textContent = `${t.verifiedTitle}. ${message}`
    body.replaceChildren()
    dialog.focus()
  }

  // ---- actions ------------------------------------------------------------
  const sendEmail = async (isResend: boolean): Promise<void> => {
    if (busy || blockedLeft > 0 || (isResend && resendLeft > 0) || !field) return
    const value = isResend ? email : field.value.trim()
    primary?.before(error) // back from under the wallets
    clearError()
    status.textContent = ''
    setBusy(true, isResend ? '' : t.sendingCodeText)
    try {
      await client.sendCode(disableSignup ? { email: value, disableSignup } : { email: value })
    } catch (reason) {
      if (closed) return
      setBusy(false)
      showError(reason, value)
      focusStart()
      return
    }
    if (closed) return
    busy = false
    email = value
    if (isResend) {
      field.value = ''
      status.textContent = fill(t.codeResentMessage, { email })
    } else {
      showCodeStep()
    }
    startResendCountdown(resendSeconds)
    focusStart()
  }

  const submitCode = async (): Promise<void> => {
    if (busy || blockedLeft > 0 || !field) return
    const code = field.value
    clearError()
    status.textContent = ''
    setBusy(true, t.verifyingCodeText)
    submitting = true
    try {
      await client.loginWithCode({ code })
    } catch (reason) {
      submitting = false
      if (closed || !field) return
      setBusy(false)
      const kind = showError(reason)
      field.value = ''
      if (kind === 'expired' && resend) resend.focus()
      else field.focus()
      return
    }
    submitting = false
    if (closed) return
    busy = false
    succeed()
  }

  const succeed = (byWallet = false): void => {
    if (emailOtp.skipVerifiedSuccess) return close()
    const user = client.$state.get().user
    const address = user?.wallet?.address ?? ''
    // A wallet user has no email: the success screen names the address, shortened.
    showSuccessStep(user?.email || (address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address) || email, byWallet)
    const timer = setTimeout(close, emailOtp.verifiedDisplayTime ?? 3000)
    track(() => clearTimeout(timer))
  }

  /** The wallet list (its first showing loads the wallet module); stops with the modal. */
  function showWallets(wallets: WalletClient): HTMLElement {
    const view = walletView({
      client: wallets,
      chainType: params.walletChainType ?? client.config.walletChainType,
      texts: t,
      pick: (wallet) => void loginWithWallet(wallets, wallet),
      busy: () => busy,
      fail: (reason) => void showError(reason),
      signal,
    })
    track(view.stop)
    return view.element
  }

  /** Logs in with `wallet`; a refusal in the wallet keeps the modal open to try again. */
  async function loginWithWallet(wallets: WalletClient, wallet: ModalWallet): Promise<void> {
    if (busy || blockedLeft > 0) return
    clearError()
    walletList?.after(error) // the message goes under the wallets
    status.textContent = fill(t.walletPendingText, { wallet: wallet.name })
    setBusy(true)
    submitting = true
    try {
      await wallets.loginWithWallet({ wallet })
    } catch (reason) {
      submitting = false
      if (closed) return
      status.textContent = ''
      setBusy(false)
      showError(reason)
      const buttons = [...body.querySelectorAll<HTMLElement>('[part=wallet-button]')]
      ;(buttons.find((button) => button.dataset.walletId === wallet.id) ?? dialog).focus()
      return
    }
    submitting = false
    if (closed) return
    busy = false
    status.textContent = ''
    succeed(true)
  }

  /** Runs within the click, so that a popup opens inside the user's gesture. */
  function loginWith(provider: OAuthProviderName): void {
    if (busy || blockedLeft > 0) return
    const mode = client.config.oauthMode ?? 'redirect'
    clearError()
    status.textContent = ''
    const remember = (on: boolean): void => {
      try {
        if (on) sessionStorage.setItem(REOPEN_MODAL_KEY, provider)
        else sessionStorage.removeItem(REOPEN_MODAL_KEY)
      } catch {
        // No sessionStorage: the modal just stays closed after the trip.
      }
    }
    if (mode === 'redirect') remember(true)
    submitting = true
    const started = client.loginWithOAuth!({ provider, mode })
    setBusy(true)
    started.then(
      () => {
        submitting = false
        if (closed) return
        busy = false
        succeed()
      },
      (reason: unknown) => {
        submitting = false
        remember(false)
        if (closed) return
        setBusy(false)
        showError(reason)
        focusStart()
      },
    )
  }

  // ---- open / close -------------------------------------------------------
  const destroy = (): void => {
    if (closed) return
    closed = true
    for (const stop of stops) stop()
    stops.clear()
    listeners.abort()
    unsubscribe?.()
    delete host.controller
    if (returnTo?.isConnected && returnTo !== document.body) returnTo.focus()
  }

  function close(): void {
    destroy()
    host.remove()
  }

  on(closeButton, 'click', close)
  let pressedBackdrop = false
  on(backdrop, 'mousedown', (event) => {
    pressedBackdrop = event.target === backdrop
  })
  on(backdrop, 'click', (event) => {
    if (pressedBackdrop && event.target === backdrop) close()
    pressedBackdrop = false
  })
  on<KeyboardEvent>(document, 'keydown', (event) => {
    if (event.key === 'Escape' && !event.isComposing) {
      event.preventDefault()
      close()
    } else if (event.key === 'Tab') {
      trapTab(event, dialog, root.activeElement)
    }
  })
  on<FocusEvent>(document, 'focusin', (event) => {
    if (!event.composedPath().includes(host)) focusStart()
  })

  showEmailStep()
  focusStart()
  // Back from a provider: how that login ended (e.g. cancelled).
  const last = client.$loginState?.get()
  if (last?.status === 'error' && /^(oauth|popup)_/.test(last.error?.code ?? '')) showError(last.error)

  // Logged in elsewhere (another tab, or a login this modal did not start): nothing left to do.
  unsubscribe = client.$state.subscribe((state) => {
    if (state.isAuthenticated && step !== 'success' && !submitting) close()
  })
  if (closed) unsubscribe()

  const focus = (): void => {
    const active = root.activeElement
    if (!active || !focusables(dialog).includes(active as HTMLElement)) focusStart()
  }
  host.controller = { focus, close, destroy }
  return host.controller
}
