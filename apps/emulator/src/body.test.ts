import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from './emulator.ts'
import { rawSocket, sharedSigningKey } from './test-utils.ts'

// Over real HTTP/1.1 sockets: what a client sees after sending a body over the limit.

let emulator: RunningEmulator
afterEach(async () => {
  await emulator.close()
})

const start = async () => {
  emulator = await startEmulator({ log: () => {}, initialSigningKey: sharedSigningKey() })
  return new URL(emulator.url)
}

const head = (url: URL, lines: string[]) =>
  [`POST /v1/auth/sessions/verify HTTP/1.1`, `Host: ${url.host}`, 'Authorization: Bearer sk_test_emulator', 'Content-Type: application/json', ...lines, '', ''].join('\r\n')

const verifyRequest = (url: URL) => {
  const body = JSON.stringify({ session_token: 'session_unknown' })
  return head(url, [`Content-Length: ${body.length}`]) + body
}

/** Writes `total` bytes of JSON-ish filler, 1 KB every 10 ms, until done or the server answers. */
async function trickle(client: ReturnType<typeof rawSocket>, total: number, chunked: boolean) {
  const kb = ' '.repeat(1024)
  for (let sent = 0; sent < total && client.received() === '' && client.socket.writable; sent += 1024) {
    client.socket.write(chunked ? `400\r\n${kb}\r\n` : kb)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('a body over 16 KB, streamed slowly', () => {
  it.each([
    ['with Content-Length', false],
    ['chunked', true],
  ])('%s: 413 with Connection: close, the socket is closed, and a new socket is served', async (_, chunked) => {
    const url = await start()
    const client = rawSocket(url)
    const total = 64 * 1024
    client.socket.write(head(url, chunked ? ['Transfer-Encoding: chunked'] : [`Content-Length: ${total}`]))
    const answered = client.response()
    await trickle(client, total, chunked)
    const response = await answered
    expect(response).toMatch(/^HTTP\/1\.1 413 /)
    expect(response).toMatch(/\r\nconnection: close\r\n/i)
    const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))
    expect(body).toMatchObject({ status_code: 413, error_type: 'payload_too_large' })
    // The server ends the connection instead of reading the rest as a next request.
    await client.ended
    client.socket.destroy()

    const next = rawSocket(url)
    next.socket.write(verifyRequest(url))
    expect(await next.response()).toMatch(/^HTTP\/1\.1 404 /)
    next.socket.destroy()
  })
})
