import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'

/**
 * A request header, like `c.req.header(name)` (several lines joined with `, `, as
 * a Fetch `Headers` joins them), read from the Node request's raw header lines when
 * there is one. `c.req.header()` makes @hono/node-server build a whole Fetch
 * `Headers` object (validating every header) on first use; the emulator reads
 * three headers per request, so it reads the already-parsed lines instead.
 * `name` must be lower-case.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (!incoming) return c.req.header(name)
  const raw = incoming.rawHeaders
  let value: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i]!
    if (key.length === name.length && key.toLowerCase() === name) value = value === undefined ? raw[i + 1]! : `${value}, ${raw[i + 1]!}`
  }
  return value
}
