'use client'

import { useMoonKey, useMoonKeyEvent } from '@moon-key/react-auth'
import { useRouter } from 'next/navigation'

export default function SignIn() {
  const { start } = useMoonKey()
  const router = useRouter()
  // The session cookies are set by now: the server renders the next page logged in.
  useMoonKeyEvent('login', () => router.replace('/dashboard'))
  return (
    <main>
      <h1>Sign in</h1>
      <button type="button" onClick={() => start()}>
        Log in
      </button>
    </main>
  )
}
