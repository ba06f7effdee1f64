// MoonKey JS: client, tokens, logout, email login (all are methods of the client).
export { createMoonKey } from '@moon-key/core'
