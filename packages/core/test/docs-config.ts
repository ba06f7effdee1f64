// The `config` of the MoonKey docs' provider example (UI components → Email OTP),
// as written there. `satisfies` keeps TypeScript's excess-property check, the
// check that rejected the docs' emailOtp keys with TS2353 before.
import type { MoonKeyConfig } from '../src/index.ts'

export const docsConfig = {
  loginMethods: ['email'],
  emailOtp: {
    skipVerifiedSuccess: false,
    expiresIn: 600,
    verifiedDisplayTime: 3000,
    verifyEmailTitle: 'Verify your email',
    verifyEmailResendTitle: 'Didn\'t receive a code?',
    resendCodeTime: 30,
    verifiedNewUserMessage: 'Email verified! Setting up your account...',
    verifiedExistingUserMessage: 'Welcome back! Signing you in...',
    verifiedSuccessMessage: 'Success! You are now signed in.'
  },
  appearance: {
    logo: 'https://your-app.com/logo.png',
    loginHeaderTitle: 'Welcome',
    loginHeaderDescription: 'Check your email for the verification code'
  }
} satisfies MoonKeyConfig
