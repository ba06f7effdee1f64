'use client'

import { MoonKeyProvider, type MoonKeyOptions } from '@moon-key/react-auth'
import type { ReactNode } from 'react'

type ProvidersProps = Pick<MoonKeyOptions, 'publishableKey' | 'apiUrl' | 'initialState'> & { children: ReactNode }

export function Providers({ children, ...options }: ProvidersProps) {
  // `cookies` mirrors the session into cookies, so the server can read it.
  return (
    <MoonKeyProvider {...options} cookies>
      {children}
    </MoonKeyProvider>
  )
}
