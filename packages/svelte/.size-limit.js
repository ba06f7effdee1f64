// Budgets in brotli bytes, measured like the core's (packages/core/.size-limit.js):
// the login modal is a dynamic import loaded on the first start(), so it stays
// out of the eager bundle (the core measures it on its own).
const eagerOnly = {
  name: 'eager-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    )
  },
}

const eager = (config) => ({ ...config, plugins: [...(config.plugins ?? []), eagerOnly] })
const entry = { path: 'dist/index.js', import: '{ setMoonKey, useMoonKey, useLoginWithEmail }', brotli: true }

export default [
  {
    name: '@moon-key/svelte-auth with @moon-key/core (Svelte excluded)',
    ...entry,
    ignore: ["svelte"],
    limit: '10 KB',
    modifyEsbuildConfig: eager,
  },
  {
    name: "the binding's own code (Svelte and @moon-key/core excluded)",
    ...entry,
    ignore: ["svelte", '@moon-key/core'],
    limit: '1 KB',
    modifyEsbuildConfig: eager,
  },
]
