import type { EmailOtpConfig, EmailOtpTexts } from './types.ts'

/** The modal's default texts; every key can be overridden in `config.emailOtp`. */
export const defaultTexts: EmailOtpTexts = {
  emailFormTitle: 'Log in or sign up',
  emailFormLoginOnlyTitle: 'Log in',
  emailFormMessage: '',
  emailLabel: 'Email address',
  emailPlaceholder: 'you@example.com',
  submitEmailText: 'Continue',
  sendingCodeText: 'Sending code…',
  codeFormTitle: 'Enter your code',
  codeFormMessage: 'We sent a 6-digit code to {email}. It expires in {minutes} minutes.',
  codeLabel: '6-digit code',
  submitCodeText: 'Verify',
  verifyingCodeText: 'Verifying…',
  resendCodeText: 'Resend code',
  resendCodeCountdownText: 'Resend code in {seconds}s',
  codeResentMessage: 'We sent a new code to {email}.',
  useAnotherEmailText: 'Use another email',
  verifiedTitle: 'You’re logged in',
  verifiedMessage: 'Signed in as {email}.',
  closeLabel: 'Close',
  invalidEmailMessage: 'Enter a valid email address.',
  invalidCodeMessage: 'Enter the 6-digit code from the email.',
  incorrectCodeMessage: 'That code is not right. Try again.',
  expiredCodeMessage: 'This code has expired. Request a new one.',
  rateLimitedMessage: 'Too many attempts. Try again in {seconds} seconds.',
  retryCountdownText: 'Try again in {seconds}s',
  networkErrorMessage: 'Can’t reach the server. Check your connection and try again.',
  genericErrorMessage: 'Something went wrong. Please try again.',
  continueWithGoogleText: 'Continue with Google',
  continueWithAppleText: 'Continue with Apple',
  oauthSeparatorText: 'or',
  oauthCancelledMessage: 'The login was cancelled. You are not logged in.',
  popupBlockedMessage: 'Your browser blocked the login window. Allow pop-ups for this site and try again.',
  oauthStateMismatchMessage: 'That login could not be confirmed. Please try again.',
}

/** Defaults overlaid with the non-empty string overrides from `config.emailOtp`. */
export function resolveTexts(emailOtp: EmailOtpConfig = {}): EmailOtpTexts {
  const texts = { ...defaultTexts }
  for (const key of Object.keys(texts) as (keyof EmailOtpTexts)[]) {
    const value = emailOtp[key]
    if (typeof value === 'string' && value) texts[key] = value
  }
  return texts
}

/** Replaces `{name}` placeholders: `fill('in {seconds}s', { seconds: 3 })` → `'in 3s'`. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) =>
    name in vars ? String(vars[name]) : all,
  )
}
