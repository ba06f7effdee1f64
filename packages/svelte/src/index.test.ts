import { isMoonKeyError as coreIsMoonKeyError, MoonKeyError as CoreMoonKeyError } from '@moon-key/core'
import { describe, expect, it } from 'vitest'

import { SHARED_EXPORTS } from '../../core/test/binding-scenarios.ts'
import * as binding from './index.ts'

describe('@moon-key/svelte-auth', () => {
  it('exports the shared binding surface plus setMoonKey', () => {
    expect(Object.keys(binding).sort()).toEqual([...SHARED_EXPORTS, 'setMoonKey'].sort())
  })

  it('re-exports the core error helpers themselves', () => {
    expect(binding.MoonKeyError).toBe(CoreMoonKeyError)
    expect(binding.isMoonKeyError).toBe(coreIsMoonKeyError)
  })
})
