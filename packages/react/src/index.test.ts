import { isMoonKeyError as coreIsMoonKeyError, MoonKeyError as CoreMoonKeyError, type MoonKeyClient } from '@moon-key/core'
import { describe, expect, expectTypeOf, it } from 'vitest'

import { SHARED_EXPORTS } from '../../core/test/binding-scenarios.ts'
import * as binding from './index.ts'

describe('@moon-key/react-auth', () => {
  it('exports the shared binding surface plus MoonKeyProvider', () => {
    expect(Object.keys(binding).sort()).toEqual([...SHARED_EXPORTS, 'MoonKeyProvider'].sort())
  })

  it('re-exports the core error helpers themselves', () => {
    expect(binding.MoonKeyError).toBe(CoreMoonKeyError)
    expect(binding.isMoonKeyError).toBe(coreIsMoonKeyError)
  })

  it('types useMoonKeyEvent as the core client’s on(), without the unsubscribe (checked by typecheck)', () => {
    expectTypeOf(binding.useMoonKeyEvent).parameters.toEqualTypeOf<Parameters<MoonKeyClient['on']>>()
    expectTypeOf(binding.useMoonKeyEvent).returns.toBeVoid()
  })
})
