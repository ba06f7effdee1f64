import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from './emulator.ts'
import { rawSocket, sharedSigningKey } from './test-utils.ts'

// Over a real HTTP/1.1 socket: sessions/verify builds its Response itself
// (app.ts, jsonAnswer) and must write the header block every JSON answer writes.

let emulator: RunningEmulator
afterEach(async () => {
  await emulator.close()
})

/** One request on its own socket; the answer's head lines and body. */
async function call(url: URL, path: string, body: unknown, key: string, origin: string | null = 'http://localhost:5173') {
  const text = JSON.stringify(body)
  const client = rawSocket(url)
  client.socket.write(
    [`POST ${path} HTTP/1.1`, `Host: ${url.host}`, `Authorization: Bearer ${key}`, 'Content-Type: application/json',
      ...(origin === null ? [] : [`Origin: ${origin}`]), `Content-Length: ${text.length}`, 'Connection: close', '', text].join('\r\n'),
  )
  await client.response()
  const [head, answer] = client.received().split('\r\n\r\n') as [string, string]
  client.socket.destroy()
  return { lines: head.split('\r\n'), json: JSON.parse(answer) }
}

const names = (lines: string[]) => lines.slice(1).map((line) => line.slice(0, line.indexOf(':')))

describe('the answer head over a socket', () => {
  it('is the same for sessions/verify as for any JSON answer (names, case, order)', async () => {
    emulator = await startEmulator({ log: () => {}, initialSigningKey: sharedSigningKey() })
    const url = new URL(emulator.url)
    const sent = await call(url, '/v1/auth/otps/email/login_or_create', { email: 'ada@example.com' }, 'pk_test_emulator')
    const mail = await fetch(`${emulator.url}/emulator/v1/mailbox?email=ada@example.com`).then((res) => res.json())
    const login = await call(url, '/v1/auth/otps/verify', { method_id: sent.json.email_id, otp: mail.messages.at(-1).code }, 'pk_test_emulator')
    const verified = await call(url, '/v1/auth/sessions/verify', { session_token: login.json.session_token }, 'sk_test_emulator')

    expect(verified.lines[0]).toBe('HTTP/1.1 200 OK')
    expect(names(verified.lines)).toEqual(names(sent.lines))
    expect(names(verified.lines)).toEqual([
      'access-control-allow-origin', 'access-control-expose-headers', 'cache-control', 'content-type', 'vary',
      'x-request-id', 'Content-Length', 'Date', 'Connection',
    ])
    expect(verified.json.session_token).toBe(login.json.session_token)

    // Without Origin (a backend): no CORS headers, the rest in the same order.
    const fromServer = await call(url, '/v1/auth/sessions/verify', { session_token: login.json.session_token }, 'sk_test_emulator', null)
    const other = await call(url, '/v1/auth/otps/email/login_or_create', { email: 'ada@example.com' }, 'pk_test_emulator', null)
    expect(names(fromServer.lines)).toEqual(names(other.lines))
    expect(names(fromServer.lines)).toEqual(['cache-control', 'content-type', 'x-request-id', 'Content-Length', 'Date', 'Connection'])
  })
})
