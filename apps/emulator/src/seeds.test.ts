// Replays the exact HTTP calls of the seed documents' server code against a running
// emulator: only the base URL changes (https://api.moonkey.fun → emulator.url).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from './emulator.ts'
import { sharedSigningKey } from './test-utils.ts'

let emulator: RunningEmulator
const process = { env: { MOONKEY_SECRET_KEY: '' } }

beforeAll(async () => {
  emulator = await startEmulator({ log: () => {}, initialSigningKey: sharedSigningKey() })
  process.env.MOONKEY_SECRET_KEY = emulator.secretKey
})
afterAll(async () => {
  await emulator.close()
})

async function signIn(email: string): Promise<{ session_token: string; user_id: string }> {
  const headers = { Authorization: `Bearer ${emulator.publishableKey}`, 'Content-Type': 'application/json' }
  const sent = await fetch(`${emulator.url}/v1/auth/otps/email/login_or_create`, { method: 'POST', headers, body: JSON.stringify({ email }) }).then((r) => r.json())
  return fetch(`${emulator.url}/v1/auth/otps/verify`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ method_id: sent.email_id, otp: emulator.latestCode(email) }),
  }).then((r) => r.json())
}

/** The Next.js App Router route of seed 000 (Access Tokens), NextResponse replaced by plain objects. */
async function protectedRoute(authHeader: string | null): Promise<{ status: number; body: unknown }> {
  if (!authHeader?.startsWith('Bearer ')) return { status: 401, body: { error: 'Missing authorization header' } }
  const sessionToken = authHeader.substring(7)

  // Verify session with MoonKey API
  const verifyResponse = await fetch(
    `${emulator.url}/v1/auth/sessions/verify`,
    {
      method: 'POST',
      headers: {
        'Authorization': `Bearer ${process.env.MOONKEY_SECRET_KEY}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ session_token: sessionToken })
    }
  )

  if (!verifyResponse.ok) return { status: 401, body: { error: 'Invalid session' } }

  const { user } = await verifyResponse.json()

  // Process request with authenticated user
  return { status: 200, body: { message: 'Success', userId: user.id } }
}

/** The Express logout handler of seed 004 (Logout), req/res replaced by plain values. */
async function logout(sessionToken: string | undefined): Promise<{ status: number; body: unknown }> {
  if (!sessionToken) return { status: 400, body: { error: 'No session found' } }
  try {
    const response = await fetch(
      `${emulator.url}/v1/auth/sessions/delete`,
      {
        method: 'DELETE',
        headers: {
          'Authorization': `Bearer ${process.env.MOONKEY_SECRET_KEY}`,
          'Content-Type': 'application/json'
        },
        body: JSON.stringify({
          session_token: sessionToken
        })
      }
    )

    if (!response.ok) {
      throw new Error('Failed to delete session')
    }

    return { status: 200, body: { success: true } }
  } catch (error) {
    return { status: 500, body: { error: 'Logout failed' } }
  }
}

describe('seed server code against the emulator', () => {
  it('Next.js route: verifies the session token and reads user.id', async () => {
    const login = await signIn('ada@example.com')
    expect(await protectedRoute(`Bearer ${login.session_token}`)).toEqual({ status: 200, body: { message: 'Success', userId: login.user_id } })
    expect((await protectedRoute('Bearer session_unknown')).status).toBe(401)
  })

  it('Express logout: DELETE with session_token ends the session', async () => {
    const login = await signIn('bob@example.com')
    expect(await logout(login.session_token)).toEqual({ status: 200, body: { success: true } })
    expect((await protectedRoute(`Bearer ${login.session_token}`)).status).toBe(401)
    // Logging out twice is fine (idempotent).
    expect(await logout(login.session_token)).toEqual({ status: 200, body: { success: true } })
  })
})
