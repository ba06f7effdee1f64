import { auth } from '@moon-key/server/next'
import type { Metadata } from 'next'
import type { ReactNode } from 'react'

import { Providers } from './providers'

export const metadata: Metadata = { title: 'MoonKey + Next.js' }

export default async function RootLayout({ children }: { children: ReactNode }) {
  // What the server knows about the session, handed to the client so its
  // first render matches the server's HTML.
  const initialState = await auth()
  return (
    <html lang="en">
      <body>
        <Providers
          publishableKey={process.env.MOONKEY_PUBLISHABLE_KEY!}
          apiUrl={process.env.MOONKEY_API_URL}
          initialState={initialState}
        >
          {children}
        </Providers>
      </body>
    </html>
  )
}
