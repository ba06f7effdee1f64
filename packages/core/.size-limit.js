// Budgets in brotli bytes. The login modal is a dynamic import, loaded on the
// first start(), so it is measured on its own and not in the eager bundles.
const eagerOnly = {
  name: 'eager-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    )
  },
}

/** For the bindings' budgets too: measure eager bytes only. */
export const eager = (config) => ({ ...config, plugins: [...(config.plugins ?? []), eagerOnly] })

export default [
  {
    name: 'createMoonKey (with ky, nanostores, idb-keyval)',
    path: 'dist/index.js',
    import: '{ createMoonKey }',
    brotli: true,
    // 10.4 KB after issue 12; issue 14's initialState and lazy cookies hook add about 120 B;
    // issue 12's heap pass (login states and AbortController on first use) about 100 B.
    limit: '10.6 KB',
    modifyEsbuildConfig: eager,
  },
  {
    name: 'script tag: moonkey.global.js (IIFE, all dependencies, no modal)',
    path: 'dist/cdn/moonkey.global.js',
    brotli: true,
    limit: '11.0 KB',
    modifyEsbuildConfig: eager,
  },
  {
    name: 'script tag: moonkey-wallet.js (the wallet login, lazy)',
    path: 'dist/cdn/moonkey-wallet.js',
    brotli: true,
    limit: '10 KB',
  },
  {
    name: 'script tag: moonkey-cookies.js (the session cookies, lazy)',
    path: 'dist/cdn/moonkey-cookies.js',
    brotli: true,
    limit: '0.5 KB',
  },
  {
    name: 'script tag: moonkey-modal.js (the login modal, lazy)',
    path: 'dist/cdn/moonkey-modal.js',
    brotli: true,
    limit: '8 KB',
  },
]
