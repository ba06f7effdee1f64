import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { ApiError } from './errors.ts'
import { requestHeader } from './request-header.ts'

export const MAX_BODY_BYTES = 16 * 1024

/**
 * `413` for a body over the limit, with `Connection: close`: the rest of that body
 * is never read, so the connection cannot carry another request (its remaining
 * bytes would be parsed as one). A client that honours the header opens a new
 * socket; one that does not is not left waiting on a half-read stream.
 */
export const tooLarge = (): ApiError =>
  new ApiError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, { Connection: 'close' })

/**
 * Reads a Node request stream directly (skips building a web Request body). Over
 * the limit it stops collecting but leaves the stream alive (destroying it would
 * destroy the socket before the 413 is written); Node discards the rest. The
 * listeners are inline and stay attached, ignoring what comes after settling:
 * named per-request closures cost a `__name` call each under tsx's keepNames,
 * which is how the workspace runs the emulator (issue 12's profile).
 */
function readIncoming(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    incoming.on('data', (chunk: Buffer) => {
      if (settled) return
      size += chunk.byteLength
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk)
      settled = true
      reject(tooLarge())
    })
    incoming.once('end', () => {
      if (settled) return
      settled = true
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'))
    })
    incoming.on('error', (error: Error) => {
      if (settled) return
      settled = true
      reject(error)
    })
  })
}

/**
 * Reads the body as text, refusing more than 16 KB (by Content-Length, or while
 * streaming). Not an async function: the Node stream's promise is returned as
 * it is (an async function returning a promise costs extra microtask turns).
 */
function readText(c: Context): Promise<string> {
  const length = requestHeader(c, 'content-length')
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) return Promise.reject(tooLarge())
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming && !incoming.readableEnded && incoming.readableFlowing === null) return readIncoming(incoming)
  return readFetchBody(c, length)
}

/** The body of a Fetch `Request` (in-process `app.request()`, or a stream already read). */
async function readFetchBody(c: Context, length: string | undefined): Promise<string> {
  if (length !== undefined) {
    const text = await c.req.text()
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge()
    return text
  }
  const body = c.req.raw.body
  if (!body) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength
    if (size > MAX_BODY_BYTES) throw tooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The JSON body (`{}` when empty); `400 invalid_request` when malformed, `413` when over 16 KB. */
export function readJson(c: Context): Promise<unknown> {
  return readText(c).then(parseJson)
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ApiError(400, 'invalid_request', 'The request body is not valid JSON.')
  }
}
