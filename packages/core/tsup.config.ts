import { defineConfig } from 'tsup'

export default defineConfig({
  // The locale packs are entries of their own (`@moon-key/core/locales/de`):
  // English-only apps never load them.
  entry: { index: 'src/index.ts', 'locales/de': 'src/locales/de.ts', 'locales/fr': 'src/locales/fr.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
})
