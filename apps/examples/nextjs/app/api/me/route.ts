import { auth } from '@moon-key/server/next'

export async function GET() {
  const session = await auth()
  if (!session) return Response.json({ error: 'unauthenticated' }, { status: 401 })
  return Response.json({ userId: session.userId, email: session.user?.email })
}
