import { redirect } from '@sveltejs/kit'

import type { PageServerLoad } from './$types'

export const load: PageServerLoad = ({ locals }) => {
  // hooks.server.ts already sends logged-out visitors to /sign-in.
  if (!locals.auth) redirect(303, '/sign-in')
  return { email: locals.auth.user?.email }
}
