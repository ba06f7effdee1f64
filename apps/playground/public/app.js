// The docs' flows with the script-tag build: start(), "Welcome, {user.email}!" (or the wallet address),
// calls to a backend with either credential, and logout.
const { apiUrl, publishableKey } = window.MOONKEY_PLAYGROUND

const moonkey = window.MoonKey.createMoonKey({
  publishableKey,
  apiUrl,
  // `?cookies` mirrors the session into the moonkey_session cookies (for server renders).
  cookies: new URLSearchParams(location.search).has('cookies'),
  config: {
    // 'wallet': the installed wallets; in the playground the emulator's test wallet (index.html).
    loginMethods: ['email', 'google', 'apple', 'wallet'],
    // `?oauth=popup` tries the modal's Google and Apple buttons in a popup.
    oauthMode: new URLSearchParams(location.search).get('oauth') === 'popup' ? 'popup' : 'redirect',
    appearance: {
      loginHeaderTitle: 'Log in to the playground',
      loginHeaderDescription: 'Email code, Google, Apple or a wallet.',
    },
  },
})
window.moonkey = moonkey // handy in the console and for the end-to-end tests

const $ = (selector) => document.querySelector(selector)
$('#mailbox-link').href = `${apiUrl}/emulator`

moonkey.$state.subscribe(({ ready, isAuthenticated, user }) => {
  $('[data-testid="loading"]').hidden = ready
  $('[data-testid="logged-out"]').hidden = !ready || isAuthenticated
  $('[data-testid="logged-in"]').hidden = !ready || !isAuthenticated
  if (user) {
    // A wallet-only user's email is '': greet the wallet's address.
    $('[data-testid="welcome"]').textContent = `Welcome, ${user.email || user.wallet?.address || user.id}!`
    $('[data-testid="user-id"]').textContent = user.id
  }
})

async function callBackend(kind) {
  const result = $('[data-testid="result"]')
  const credentials = await moonkey.getSessionTokens()
  if (!credentials) {
    result.textContent = 'Not authenticated'
    return
  }
  const credential = kind === 'jwt' ? credentials.sessionJwt : credentials.sessionToken
  const response = await fetch('/api/protected', {
    method: 'POST',
    headers: { Authorization: `Bearer ${credential}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: 'example' }),
  })
  result.textContent = `${response.status} ${JSON.stringify(await response.json())}`
}

$('#login').addEventListener('click', () => moonkey.start())
$('#call-token').addEventListener('click', () => callBackend('token').catch(showError))
$('#call-jwt').addEventListener('click', () => callBackend('jwt').catch(showError))
$('#logout').addEventListener('click', () => moonkey.logout())

function showError(error) {
  $('[data-testid="result"]').textContent = `${error.code ?? 'error'}: ${error.message}`
}

// Mark the current page in the nav.
for (const link of document.querySelectorAll('nav a')) {
  if (link.pathname === location.pathname) link.setAttribute('aria-current', 'page')
}
