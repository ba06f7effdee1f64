import type { ModalConfig, MoonKeyTexts } from './types.ts'

/** The modal's English texts, the defaults under `config.texts` and `config.emailOtp`. */
export const en: MoonKeyTexts = {
  lang: 'en',
  emailFormTitle: 'Log in or sign up',
  emailFormLoginOnlyTitle: 'Log in',
  emailFormMessage: '',
  emailLabel: 'Email address',
  emailPlaceholder: 'you@example.com',
  submitEmailText: 'Continue',
  sendingCodeText: 'Sending code…',
  verifyEmailTitle: 'Enter your code',
  codeFormMessage: 'We sent a 6-digit code to {email}. It expires in {minutes} minutes.',
  codeLabel: '6-digit code',
  submitCodeText: 'Verify',
  verifyingCodeText: 'Verifying…',
  verifyEmailResendTitle: 'Resend code',
  resendCodeCountdownText: 'Resend code in {seconds}s',
  codeResentMessage: 'We sent a new code to {email}.',
  useAnotherEmailText: 'Use another email',
  verifiedTitle: 'You’re logged in',
  verifiedSuccessMessage: 'Signed in as {email}.',
  verifiedNewUserMessage: '',
  verifiedExistingUserMessage: '',
  closeLabel: 'Close',
  invalidEmailMessage: 'Enter a valid email address.',
  invalidCodeMessage: 'Enter the 6-digit code from the email.',
  incorrectCodeMessage: 'That code is not right.',
  attemptsLeftMessage: 'Tries left: {attempts}.',
  expiredCodeMessage: 'This code has expired. Request a new one.',
  rateLimitedMessage: 'Too many attempts. Try again in {seconds} seconds.',
  retryCountdownText: 'Try again in {seconds}s',
  networkErrorMessage: 'Can’t reach the server. Check your connection and try again.',
  userNotFoundMessage: 'There is no account for {email}.',
  genericErrorMessage: 'Something went wrong. Please try again.',
  continueWithGoogleText: 'Continue with Google',
  continueWithAppleText: 'Continue with Apple',
  oauthSeparatorText: 'or',
  oauthCancelledMessage: 'The login was cancelled. You are not logged in.',
  popupBlockedMessage: 'Your browser blocked the login window. Allow pop-ups for this site and try again.',
  oauthStateMismatchMessage: 'That login could not be confirmed. Please try again.',
  walletListLabel: 'Log in with a wallet',
  walletPendingText: 'Approve the sign-in request in {wallet}.',
  walletRejectedMessage: 'You declined the request in your wallet, so you are not logged in. Pick a wallet to try again.',
  walletNotFoundMessage: 'That wallet is no longer available. Pick another one.',
  walletErrorMessage: 'The wallet could not log you in. Try again or pick another wallet.',
  noWalletMessage: 'No wallet found in this browser. Install a wallet extension, then reload this page.',
  getWalletText: 'Get a wallet for {chain}',
}

/**
 * The texts the modal shows: English, overlaid with `config.texts` (e.g. a
 * locale pack), overlaid with the texts of `config.emailOtp`. Empty strings
 * and non-strings are ignored.
 */
export function resolveTexts({ texts = {}, emailOtp = {} }: ModalConfig = {}): MoonKeyTexts {
  const resolved = { ...en }
  for (const key of Object.keys(en) as (keyof MoonKeyTexts)[]) {
    for (const source of [texts, emailOtp] as Partial<MoonKeyTexts>[]) {
      const value = source[key]
      if (typeof value === 'string' && value) resolved[key] = value
    }
  }
  return resolved
}

/** Replaces `{name}` placeholders: `fill('in {seconds}s', { seconds: 3 })` → `'in 3s'`. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) =>
    name in vars ? String(vars[name]) : all,
  )
}
