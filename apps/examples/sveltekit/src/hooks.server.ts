import { moonkeyHandle } from '@moon-key/server/sveltekit'

// Sets `event.locals.auth` (refreshing an expired session JWT) and sends
// logged-out visitors of /dashboard to /sign-in.
export const handle = moonkeyHandle({ protect: ['/dashboard/:path*'], signInUrl: '/sign-in' })
