// Auth0 SPA: client (getTokenSilently, logout, loginWithRedirect are its methods).
export { createAuth0Client } from '@auth0/auth0-spa-js'
