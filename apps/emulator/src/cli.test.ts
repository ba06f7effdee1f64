import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../bin/source.js', import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), 'moonkey-cli-'))
const children = new Set<ChildProcess>()

afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

interface Proc {
  url: string
  output: () => string
  stop: () => Promise<number | null>
}

/** Spawns the real bin on a free port and waits for its banner. */
function start(args: string[], cwd?: string): Promise<Proc> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } })
  children.add(child)
  let out = ''
  child.stdout!.on('data', (chunk: Buffer) => void (out += chunk))
  child.stderr!.on('data', (chunk: Buffer) => void (out += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (children.delete(child), resolve(code))))
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /running at (http:\/\/\S+)/.exec(out)
      if (!match) return
      child.stdout!.off('data', onData)
      resolve({
        url: match[1]!,
        output: () => out,
        stop: () => (child.kill('SIGTERM'), exited),
      })
    }
    child.stdout!.on('data', onData)
    void exited.then((code) => reject(new Error(`emulator exited (${code}) before starting:\n${out}`)))
  })
}

const json = (url: string, method: string, key: string, body?: unknown) =>
  fetch(url, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

describe('moonkey-emulator (the real bin, as a child process)', { timeout: 30_000 }, () => {
  let login: { session_token: string; session_jwt: string; user_id: string }

  it('prints app id, keys and URL, and logs in', async () => {
    const proc = await start(['--data', dataDir])
    expect(proc.output()).toMatch(/app id\s+app_test_emulator/)
    expect(proc.output()).toMatch(/publishable key\s+pk_test_emulator/)
    expect(proc.output()).toMatch(/secret key\s+sk_test_emulator/)
    expect(proc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const sent = await json(`${proc.url}/v1/auth/otps/email/login_or_create`, 'POST', 'pk_test_emulator', { email: 'ada@example.com' }).then((r) => r.json())
    const mail = await fetch(`${proc.url}/emulator/v1/mailbox?email=ada@example.com`).then((r) => r.json())
    const code = mail.messages.at(-1).code
    expect(proc.output()).toContain(code)
    login = await json(`${proc.url}/v1/auth/otps/verify`, 'POST', 'pk_test_emulator', { method_id: sent.email_id, otp: code }).then((r) => r.json())
    expect(login.session_token).toMatch(/^session_/)
    expect(await proc.stop()).toBe(0)
    expect(proc.output()).toContain('MoonKey emulator stopped.')
  })

  it('after a restart on the same data dir, the session token and the old JWT still verify', async () => {
    const proc = await start(['--data', dataDir])
    const byToken = await json(`${proc.url}/v1/auth/sessions/verify`, 'POST', 'sk_test_emulator', { session_token: login.session_token })
    expect(byToken.status).toBe(200)
    expect((await byToken.json()).user.id).toBe(login.user_id)
    const byJwt = await json(`${proc.url}/v1/auth/sessions/verify`, 'POST', 'sk_test_emulator', { session_jwt: login.session_jwt })
    expect(byJwt.status).toBe(200)
    const jwks = createRemoteJWKSet(new URL(`${proc.url}/v1/auth/jwks/app_test_emulator`))
    await jwtVerify(login.session_jwt, jwks, { issuer: 'moonkey.fun/app_test_emulator', audience: 'app_test_emulator', algorithms: ['RS256'] })
    expect(await proc.stop()).toBe(0)
  })

  it('rotate-keys adds a key that a running emulator signs with at once; the old one stays published', async () => {
    const proc = await start(['--data', dataDir])
    const oldKid = decodeProtectedHeader(login.session_jwt).kid
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'rotate-keys', '--data', dataDir])
    const newKid = /New signing key (jwk_\w+)/.exec(stdout)?.[1]
    expect(newKid).toBeDefined()
    const jwks = await fetch(`${proc.url}/v1/auth/jwks/app_test_emulator`).then((r) => r.json())
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([newKid, oldKid])
    const fresh = await json(`${proc.url}/v1/auth/sessions/verify`, 'POST', 'sk_test_emulator', { session_token: login.session_token }).then((r) => r.json())
    expect(decodeProtectedHeader(fresh.session_jwt).kid).toBe(newKid)
    expect(await proc.stop()).toBe(0)
  })

  it('takes flags: --memory, --allowed-origin, custom keys', async () => {
    const proc = await start(['--memory', '--allowed-origin', 'https://app.example.com', '--secret-key', 'sk_test_cli', '--app-id', 'app_cli'])
    expect(proc.output()).toContain('in memory')
    const pre = await fetch(`${proc.url}/v1/auth/sessions/verify`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
    })
    expect(pre.status).toBe(204)
    expect((await json(`${proc.url}/v1/auth/jwks/default`, 'GET', 'sk_test_cli')).status).toBe(200)
    expect((await fetch(`${proc.url}/v1/auth/jwks/app_cli`)).status).toBe(200)
    expect(await proc.stop()).toBe(0)
  })

  it('takes --redirect-url (repeatable) as the OAuth redirect allowlist', async () => {
    const proc = await start(['--memory', '--redirect-url', 'https://app.example.com/auth/callback', '--redirect-url', 'http://127.0.0.1:*'])
    const begin = (url: string) =>
      fetch(`${proc.url}/v1/auth/oauth/google/begin?${new URLSearchParams({ public_token: 'pk_test_emulator', login_redirect_url: url })}`)
    expect((await begin('https://app.example.com/auth/callback')).status).toBe(200)
    expect((await begin('http://127.0.0.1:3000/cb')).status).toBe(200)
    const refused = await begin('http://localhost:3000/cb')
    expect(refused.status).toBe(400)
    expect((await refused.json()).error_type).toBe('invalid_redirect_url')
    expect(await proc.stop()).toBe(0)
  })
})

describe('the commands its README shows', { timeout: 30_000 }, () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const prefix = /^(npx moonkey-emulator|pnpm --filter @moon-key\/emulator start)/
  const commands = [...readme.matchAll(new RegExp(`${prefix.source}[^#\\n]*`, 'gm'))].map((m) => m[0].trim())

  it('are there to check', () => {
    expect(commands.length).toBeGreaterThanOrEqual(2)
  })

  it.each(commands)('`%s` starts it, with data under the directory it is started from', async (command) => {
    // What npx and pnpm hand the bin: every word after the command, verbatim
    // (a free port instead of the one shown).
    const args = command.replace(prefix, '').trim().split(/\s+/).filter(Boolean)
    const at = args.indexOf('--port')
    if (at >= 0) args.splice(at, 2)
    const cwd = mkdtempSync(join(tmpdir(), 'moonkey-readme-'))
    try {
      const proc = await start(args, cwd)
      expect(existsSync(join(cwd, '.moonkey', 'emulator.db'))).toBe(!args.includes('--memory'))
      expect(await proc.stop()).toBe(0)
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  })
})
