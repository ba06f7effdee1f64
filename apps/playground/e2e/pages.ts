/**
 * Every playground page walks the same flows with the same DOM (test ids and
 * button labels of public/index.html), so each browser suite runs on each page.
 */
export interface PlaygroundPage {
  name: string
  path: string
}

export const PAGES: PlaygroundPage[] = [
  { name: 'script-tag', path: '/' },
  { name: 'esm', path: '/esm.html' },
  // Built from pages/ with the bindings by src/build-pages.ts.
  { name: 'react', path: '/react/' },
  { name: 'vue', path: '/vue/' },
  { name: 'svelte', path: '/svelte/' },
]
