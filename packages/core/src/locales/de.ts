import type { MoonKeyTexts } from '../modal/types.ts'

/**
 * The login modal in German.
 *
 * @example
 * import { de } from '@moon-key/core/locales/de'
 * createMoonKey({ publishableKey: 'pk_test_…', config: { texts: de } })
 */
export const de: MoonKeyTexts = {
  lang: 'de',
  emailFormTitle: 'Anmelden oder registrieren',
  emailFormLoginOnlyTitle: 'Anmelden',
  emailFormMessage: '',
  emailLabel: 'E-Mail-Adresse',
  emailPlaceholder: 'du@beispiel.de',
  submitEmailText: 'Weiter',
  sendingCodeText: 'Code wird gesendet…',
  verifyEmailTitle: 'Code eingeben',
  codeFormMessage: 'Wir haben einen 6-stelligen Code an {email} gesendet. Er ist {minutes} Minuten gültig.',
  codeLabel: '6-stelliger Code',
  submitCodeText: 'Bestätigen',
  verifyingCodeText: 'Wird geprüft…',
  verifyEmailResendTitle: 'Code erneut senden',
  resendCodeCountdownText: 'Erneut senden in {seconds} s',
  codeResentMessage: 'Wir haben einen neuen Code an {email} gesendet.',
  useAnotherEmailText: 'Andere E-Mail-Adresse verwenden',
  verifiedTitle: 'Du bist angemeldet',
  verifiedSuccessMessage: 'Angemeldet als {email}.',
  verifiedNewUserMessage: '',
  verifiedExistingUserMessage: '',
  closeLabel: 'Schließen',
  invalidEmailMessage: 'Gib eine gültige E-Mail-Adresse ein.',
  invalidCodeMessage: 'Gib den 6-stelligen Code aus der E-Mail ein.',
  incorrectCodeMessage: 'Dieser Code ist falsch.',
  attemptsLeftMessage: 'Verbleibende Versuche: {attempts}.',
  expiredCodeMessage: 'Dieser Code ist abgelaufen. Fordere einen neuen an.',
  rateLimitedMessage: 'Zu viele Versuche. Versuche es in {seconds} Sekunden erneut.',
  retryCountdownText: 'Erneut in {seconds} s',
  networkErrorMessage: 'Der Server ist nicht erreichbar. Prüfe deine Verbindung und versuche es erneut.',
  userNotFoundMessage: 'Für {email} gibt es kein Konto.',
  genericErrorMessage: 'Etwas ist schiefgelaufen. Bitte versuche es erneut.',
  continueWithGoogleText: 'Weiter mit Google',
  continueWithAppleText: 'Weiter mit Apple',
  oauthSeparatorText: 'oder',
  oauthCancelledMessage: 'Die Anmeldung wurde abgebrochen. Du bist nicht angemeldet.',
  popupBlockedMessage: 'Dein Browser hat das Anmeldefenster blockiert. Erlaube Pop-ups für diese Website und versuche es erneut.',
  oauthStateMismatchMessage: 'Diese Anmeldung konnte nicht bestätigt werden. Bitte versuche es erneut.',
  walletListLabel: 'Mit einer Wallet anmelden',
  walletPendingText: 'Bestätige die Anmeldung in {wallet}.',
  walletRejectedMessage: 'Du hast die Anfrage in deiner Wallet abgelehnt, daher bist du nicht angemeldet. Wähle eine Wallet, um es erneut zu versuchen.',
  walletNotFoundMessage: 'Diese Wallet ist nicht mehr verfügbar. Wähle eine andere.',
  walletErrorMessage: 'Die Wallet konnte dich nicht anmelden. Versuche es erneut oder wähle eine andere Wallet.',
  noWalletMessage: 'In diesem Browser wurde keine Wallet gefunden. Installiere eine Wallet-Erweiterung und lade die Seite neu.',
  getWalletText: 'Wallet für {chain} holen',
}
