import { defineConfig } from 'tsup'

// The published package: the library (with types) and the `moonkey-emulator` bin,
// compiled for plain Node (dependencies stay external). The workspace runs the
// TypeScript sources instead (`moonkey-source` condition, bin/ launchers via tsx).
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
})
