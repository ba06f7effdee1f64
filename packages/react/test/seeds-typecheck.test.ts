// @vitest-environment node
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = new URL('..', import.meta.url).pathname
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

/** Runs tsc on a project; resolves with its output (empty when it compiles). */
const check = async (project: string): Promise<string> => {
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', project], { cwd: root })
    return ''
  } catch (error) {
    return String((error as { stdout?: string }).stdout || error)
  }
}

describe('docs snippets (test/seeds)', () => {
  it('type-check against @moon-key/react-auth (strict)', async () => {
    expect(await check('test/seeds/tsconfig.json')).toBe('')
  }, 60_000)

  it('UserMenu (reads user.email unguarded) type-checks without strictNullChecks', async () => {
    expect(await check('test/seeds/tsconfig.loose.json')).toBe('')
  }, 60_000)
})
