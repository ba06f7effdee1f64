import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', express: 'src/express.ts', hono: 'src/hono.ts', next: 'src/next.ts', sveltekit: 'src/sveltekit.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['jose', 'cookie', 'hono', 'next', '@sveltejs/kit', 'node:http'],
})
