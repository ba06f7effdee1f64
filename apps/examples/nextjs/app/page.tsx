import Link from 'next/link'

import { Greeting } from './greeting'

export default function Home() {
  return (
    <main>
      <h1>MoonKey + Next.js</h1>
      <Greeting />
      <p>
        <Link href="/dashboard">Dashboard</Link> · <a href="/api/me">/api/me</a>
      </p>
    </main>
  )
}
