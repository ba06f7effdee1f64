import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Keeps the React Server Components boundary in the bundle (esbuild drops directives).
  banner: { js: "'use client'" },
})
