// @vitest-environment node
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { build, type Options } from 'tsup'
import { describe, expect, it } from 'vitest'

import config from '../tsup.config.ts'

const root = new URL('..', import.meta.url).pathname

describe('build', () => {
  it("keeps 'use client' as the first line of dist/index.js", async () => {
    await mkdir(join(root, 'node_modules/.cache'), { recursive: true })
    const outDir = await mkdtemp(join(root, 'node_modules/.cache/build-'))
    try {
      const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
      const external = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]
      const entry = [join(root, 'src/index.ts')]
      await build({ ...(config as Options), config: false, entry, external, dts: false, outDir, silent: true })
      const code = await readFile(join(outDir, 'index.js'), 'utf8')
      expect(code.split('\n')[0]).toBe("'use client'")
      expect(code).toMatch(/from "@moon-key\/core"/) // the core stays a dependency, not inlined
    } finally {
      await rm(outDir, { recursive: true, force: true })
    }
  }, 30_000)
})
