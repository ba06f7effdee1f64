import { moonkeyMiddleware } from '@moon-key/server/next'

// Logged-out visitors of /dashboard go to /sign-in; every page gets its
// session JWT refreshed here when it has expired.
export default moonkeyMiddleware({ protect: ['/dashboard/:path*'], signInUrl: '/sign-in' })

export const config = {
  // Every page and route handler, not Next's own files.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
