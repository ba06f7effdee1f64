import { auth } from '@moon-key/server/next'
import Link from 'next/link'
import { redirect } from 'next/navigation'

export default async function Dashboard() {
  // proxy.ts already sends logged-out visitors to /sign-in.
  const session = await auth()
  if (!session) redirect('/sign-in')
  return (
    <main>
      <h1>Dashboard</h1>
      <p>{`Signed in as ${session.user?.email}`}</p>
      <Link href="/">Home</Link>
    </main>
  )
}
