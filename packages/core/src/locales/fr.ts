import type { MoonKeyTexts } from '../modal/types.ts'

/**
 * The login modal in French.
 *
 * @example
 * import { fr } from '@moon-key/core/locales/fr'
 * createMoonKey({ publishableKey: 'pk_test_…', config: { texts: fr } })
 */
export const fr: MoonKeyTexts = {
  lang: 'fr',
  emailFormTitle: 'Se connecter ou s’inscrire',
  emailFormLoginOnlyTitle: 'Se connecter',
  emailFormMessage: '',
  emailLabel: 'Adresse e-mail',
  emailPlaceholder: 'vous@exemple.fr',
  submitEmailText: 'Continuer',
  sendingCodeText: 'Envoi du code…',
  verifyEmailTitle: 'Saisissez votre code',
  codeFormMessage: 'Nous avons envoyé un code à 6 chiffres à {email}. Il expire dans {minutes} minutes.',
  codeLabel: 'Code à 6 chiffres',
  submitCodeText: 'Valider',
  verifyingCodeText: 'Vérification…',
  verifyEmailResendTitle: 'Renvoyer le code',
  resendCodeCountdownText: 'Renvoyer dans {seconds} s',
  codeResentMessage: 'Nous avons envoyé un nouveau code à {email}.',
  useAnotherEmailText: 'Utiliser une autre adresse',
  verifiedTitle: 'Vous êtes connecté',
  verifiedSuccessMessage: 'Connecté en tant que {email}.',
  verifiedNewUserMessage: '',
  verifiedExistingUserMessage: '',
  closeLabel: 'Fermer',
  invalidEmailMessage: 'Saisissez une adresse e-mail valide.',
  invalidCodeMessage: 'Saisissez le code à 6 chiffres reçu par e-mail.',
  incorrectCodeMessage: 'Ce code est incorrect.',
  attemptsLeftMessage: 'Essais restants : {attempts}.',
  expiredCodeMessage: 'Ce code a expiré. Demandez-en un nouveau.',
  rateLimitedMessage: 'Trop de tentatives. Réessayez dans {seconds} secondes.',
  retryCountdownText: 'Réessayer dans {seconds} s',
  networkErrorMessage: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
  userNotFoundMessage: 'Aucun compte n’existe pour {email}.',
  genericErrorMessage: 'Une erreur est survenue. Veuillez réessayer.',
  continueWithGoogleText: 'Continuer avec Google',
  continueWithAppleText: 'Continuer avec Apple',
  oauthSeparatorText: 'ou',
  oauthCancelledMessage: 'La connexion a été annulée. Vous n’êtes pas connecté.',
  popupBlockedMessage: 'Votre navigateur a bloqué la fenêtre de connexion. Autorisez les fenêtres pop-up pour ce site et réessayez.',
  oauthStateMismatchMessage: 'Cette connexion n’a pas pu être confirmée. Veuillez réessayer.',
  walletListLabel: 'Se connecter avec un portefeuille',
  walletPendingText: 'Approuvez la demande de connexion dans {wallet}.',
  walletRejectedMessage: 'Vous avez refusé la demande dans votre portefeuille : vous n’êtes pas connecté. Choisissez un portefeuille pour réessayer.',
  walletNotFoundMessage: 'Ce portefeuille n’est plus disponible. Choisissez-en un autre.',
  walletErrorMessage: 'Le portefeuille n’a pas pu vous connecter. Réessayez ou choisissez un autre portefeuille.',
  noWalletMessage: 'Aucun portefeuille trouvé dans ce navigateur. Installez une extension de portefeuille, puis rechargez la page.',
  getWalletText: 'Obtenir un portefeuille pour {chain}',
}
