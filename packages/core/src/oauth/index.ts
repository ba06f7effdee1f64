// The OAuth login, loaded with a dynamic import() on first use.
export { handleOAuthCallback } from './callback.ts'
export { loginWithOAuth } from './login.ts'
