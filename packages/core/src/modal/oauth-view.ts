import type { MoonKeyTexts } from './types.ts'

export type OAuthProviderName = 'google' | 'apple'
const PROVIDERS: readonly string[] = ['google', 'apple']

/** The OAuth providers among `methods`, in their order. */
export const oauthProviders = (methods: readonly string[]): OAuthProviderName[] =>
  methods.filter((m): m is OAuthProviderName => PROVIDERS.includes(m))

/**
 * The "Continue with Google / Apple" buttons. `pick` runs inside the click, so a
 * popup opens within the user's gesture.
 *
 * @example
 * body.append(oauthView(['google'], texts, (provider) => client.loginWithOAuth({ provider })))
 */
export function oauthView(
  providers: readonly OAuthProviderName[],
  texts: MoonKeyTexts,
  pick: (provider: OAuthProviderName) => void,
  signal: AbortSignal,
): HTMLElement {
  const box = document.createElement('div')
  box.setAttribute('part', 'oauth')
  box.className = 'oauth'
  for (const provider of providers) {
    const button = document.createElement('button')
    button.type = 'button'
    button.setAttribute('part', 'oauth-button')
    button.dataset.provider = provider
    button.textContent = provider === 'google' ? texts.continueWithGoogleText : texts.continueWithAppleText
    button.addEventListener('click', () => pick(provider), { signal })
    box.append(button)
  }
  return box
}
