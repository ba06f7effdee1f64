import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', express: 'src/express.ts', hono: 'src/hono.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['jose', 'hono', 'node:http'],
})
