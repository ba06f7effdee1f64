'use client'

import { useMoonKey, useMoonKeyEvent } from '@moon-key/react-auth'
import { useRouter } from 'next/navigation'

/** Where the proxy's `?redirect_url=` points (same origin only), else /dashboard. */
function afterSignIn(): string {
  const target = new URL(new URLSearchParams(location.search).get('redirect_url') ?? '/dashboard', location.origin)
  return target.origin === location.origin ? target.pathname + target.search : '/dashboard'
}

export default function SignIn() {
  const { start } = useMoonKey()
  const router = useRouter()
  // The session cookies are set by now: the server renders the next page logged in.
  useMoonKeyEvent('login', () => router.replace(afterSignIn()))
  return (
    <main>
      <h1>Sign in</h1>
      <button type="button" onClick={() => start()}>
        Log in
      </button>
    </main>
  )
}
