import type { MoonKeyAuth } from '@moon-key/server/sveltekit'

declare global {
  namespace App {
    interface Locals {
      /** Set by `moonkeyHandle` in hooks.server.ts: the session, or `null` when logged out. */
      auth: MoonKeyAuth | null
    }
  }
}

export {}
