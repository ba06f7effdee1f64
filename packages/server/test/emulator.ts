import type { RunningEmulator } from '@moon-key/emulator'

export interface Login {
  session_token: string
  session_jwt: string
  session: { id: string; user_id: string }
  user: { id: string; email: string }
}

async function post(emulator: RunningEmulator, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${emulator.publishableKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

/** Logs `email` in over HTTP, as the browser SDK would. */
export async function login(emulator: RunningEmulator, email: string): Promise<Login> {
  const { email_id } = await post(emulator, '/v1/auth/otps/email/login_or_create', { email })
  return post(emulator, '/v1/auth/otps/verify', { method_id: email_id, otp: emulator.latestCode(email) })
}

/** A fetch that records every URL and Authorization header it sends. */
export function recordingFetch(): { fetch: typeof globalThis.fetch; calls: Array<{ url: string; method: string; authorization: string | null }> } {
  const calls: Array<{ url: string; method: string; authorization: string | null }> = []
  return {
    calls,
    fetch: (input, init) => {
      const request = new Request(input, init)
      calls.push({ url: request.url, method: request.method, authorization: request.headers.get('authorization') })
      return globalThis.fetch(input, init)
    },
  }
}
