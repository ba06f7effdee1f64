import { describe, expect, it } from 'vitest'
import { bundleSize } from './bundle-size.ts'
import { measureEager } from '../../../packages/core/scripts/eager-size.ts'

describe('bundleSize', () => {
  it("counts MoonKey's app chunk, not a lazy chunk esbuild also lists as an entry point", async () => {
    const [ours, core] = await Promise.all([bundleSize('moonkey'), measureEager()])
    // The same esbuild command over the same client: within 5 % of the core's own eager measure.
    expect(Math.abs(ours.eager - core.brotli) / core.brotli).toBeLessThan(0.05)
    expect(ours.lazy).toBeGreaterThan(0)
  }, 30_000)
})
