// @vitest-environment node
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

import { de as deByName } from '@moon-key/core/locales/de'
import { fr as frByName } from '@moon-key/core/locales/fr'
import { en } from '../modal/texts.ts'
import { de } from './de.ts'
import { fr } from './fr.ts'

const root = new URL('../..', import.meta.url).pathname

describe('locale packs', () => {
  it('are importable as @moon-key/core/locales/de and /fr, complete and in their language', () => {
    expect(deByName).toBe(de)
    expect(frByName).toBe(fr)
    for (const [lang, pack] of [['de', de], ['fr', fr]] as const) {
      expect(Object.keys(pack).sort()).toEqual(Object.keys(en).sort())
      expect(pack.lang).toBe(lang)
    }
  })

  it('are in neither the main entry nor the modal chunk: English-only apps load none of them', async () => {
    const result = await build({
      entryPoints: [`${root}src/index.ts`],
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: '/virtual',
      write: false,
      metafile: true,
      conditions: ['moonkey-source'],
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((file) => file.includes('src/modal/texts.ts'))).toBe(true) // the lazy chunk is in the build…
    expect(inputs.filter((file) => file.includes('src/locales/'))).toEqual([]) // …the packs are not
    const code = result.outputFiles.map((file) => file.text).join('\n')
    expect(code).not.toContain(de.emailFormTitle)
    expect(code).not.toContain(fr.emailFormTitle)
  })
})
