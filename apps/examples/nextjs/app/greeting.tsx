'use client'

import { useMoonKey } from '@moon-key/react-auth'
import Link from 'next/link'

export function Greeting() {
  // Server-rendered already logged in, thanks to `initialState`.
  const { isAuthenticated, user, logout } = useMoonKey()
  if (!isAuthenticated) return <Link href="/sign-in">Sign in</Link>
  return (
    <p>
      {`Welcome, ${user.email} `}
      <button type="button" onClick={() => logout()}>
        Log out
      </button>
    </p>
  )
}
