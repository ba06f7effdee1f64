import { json } from '@sveltejs/kit'

import type { RequestHandler } from './$types'

export const GET: RequestHandler = ({ locals }) => {
  if (!locals.auth) return json({ error: 'unauthenticated' }, { status: 401 })
  return json({ userId: locals.auth.userId, email: locals.auth.user?.email })
}
