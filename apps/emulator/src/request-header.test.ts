import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from './emulator.ts'
import { rawSocket, sharedSigningKey } from './test-utils.ts'

// requestHeader() reads the Node request's raw lines; over real sockets it must
// answer what a Fetch Headers would: names case-insensitive, repeats joined.

let emulator: RunningEmulator
afterEach(async () => {
  await emulator.close()
})

async function send(headerLines: string[]): Promise<string> {
  emulator = await startEmulator({ log: () => {}, initialSigningKey: sharedSigningKey() })
  const url = new URL(emulator.url)
  const body = JSON.stringify({ session_token: 'session_unknown' })
  const client = rawSocket(url)
  const answered = client.response()
  client.socket.write(
    ['POST /v1/auth/sessions/verify HTTP/1.1', `Host: ${url.host}`, 'Content-Type: application/json', `Content-Length: ${body.length}`, ...headerLines, '', body].join('\r\n'),
  )
  const response = await answered
  client.socket.destroy()
  return response
}

describe('request headers over real HTTP', () => {
  it('reads a header whatever the case of its name', async () => {
    expect(await send(['AUTHORIZATION: Bearer sk_test_emulator'])).toMatch(/^HTTP\/1\.1 404 /)
  })

  it('joins repeated Authorization lines like Fetch, so two keys are no key (401)', async () => {
    expect(await send(['Authorization: Bearer sk_test_emulator', 'Authorization: Bearer sk_test_emulator'])).toMatch(/^HTTP\/1\.1 401 /)
  })

  it('applies CORS to the Origin line', async () => {
    const response = await send(['Authorization: Bearer sk_test_emulator', 'Origin: https://evil.example'])
    expect(response).toMatch(/^HTTP\/1\.1 403 /)
  })
})
