// Helpers shared by this package's tests (not exported from index.ts).
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { createEmulator, type Emulator } from './emulator.ts'
import type { EmulatorOptions } from './config.ts'

export interface Clock {
  now: () => number
  /** Moves the clock forward by `seconds`. */
  advance(seconds: number): void
}

export function fakeClock(start = Date.UTC(2025, 0, 1)): Clock {
  let t = start
  return { now: () => t, advance: (seconds) => void (t += seconds * 1000) }
}

export interface TestEmulator extends Emulator {
  clock: Clock
  /** JSON request against the in-process app; `key` defaults to the secret key. */
  call(method: string, path: string, body?: unknown, init?: { key?: string | null; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; json: any }>
  /** Sends a code to `email` and signs in with it; returns the `/otps/verify` answer. */
  login(email?: string, extra?: Record<string, unknown>): Promise<any>
}

let sharedKey: KeyObject | undefined
/** One RSA key for the whole test file, so each emulator starts fast. */
export function sharedSigningKey(): KeyObject {
  return (sharedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
}

export function testEmulator(options: EmulatorOptions = {}): TestEmulator {
  const clock = fakeClock()
  const emulator = createEmulator({ now: clock.now, log: () => {}, initialSigningKey: sharedSigningKey(), ...options })
  const call: TestEmulator['call'] = async (method, path, body, init = {}) => {
    const key = init.key === undefined ? emulator.secretKey : init.key
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...init.headers }
    if (key !== null) headers.Authorization = `Bearer ${key}`
    const res = await emulator.app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, headers: res.headers, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text }
  }
  const login: TestEmulator['login'] = async (email = 'ada@example.com', extra = {}) => {
    const sent = await call('POST', '/v1/auth/otps/email/login_or_create', { email }, { key: emulator.publishableKey })
    if (sent.status !== 200) throw new Error(`login_or_create failed: ${JSON.stringify(sent.json)}`)
    const verified = await call(
      'POST',
      '/v1/auth/otps/verify',
      { method_id: sent.json.email_id, otp: emulator.latestCode(email), ...extra },
      { key: emulator.publishableKey },
    )
    if (verified.status !== 200) throw new Error(`verify failed: ${JSON.stringify(verified.json)}`)
    return verified.json
  }
  return { ...emulator, clock, call, login }
}

/** The contract's error body, with a request id. */
export function expectErrorShape(json: any, status: number, type: string): void {
  const ok =
    json.status_code === status &&
    json.error_type === type &&
    typeof json.error_message === 'string' &&
    /^req_[A-Za-z0-9]+$/.test(json.request_id) &&
    Object.keys(json).sort().join() === 'error_message,error_type,request_id,status_code'
  if (!ok) throw new Error(`expected ${status} ${type}, got ${JSON.stringify(json)}`)
}

/** A raw socket that collects what the server sends and says when the server is done with it. */
export function rawSocket(url: URL) {
  const socket: Socket = connect(Number(url.port), url.hostname)
  let received = ''
  socket.setEncoding('latin1')
  socket.on('data', (chunk: string) => (received += chunk))
  socket.on('error', () => {})
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()))
  return {
    socket,
    received: () => received,
    /** Resolves once a whole response (head and Content-Length body) has arrived. */
    response: () =>
      new Promise<string>((resolve) => {
        const check = () => {
          const head = received.indexOf('\r\n\r\n')
          if (head === -1) return
          const length = Number(/content-length: (\d+)/i.exec(received.slice(0, head))?.[1] ?? 0)
          if (received.length >= head + 4 + length) {
            socket.off('data', check)
            resolve(received)
          }
        }
        socket.on('data', check)
        check()
      }),
    ended,
    closed,
  }
}

