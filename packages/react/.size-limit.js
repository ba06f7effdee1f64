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
const entry = { path: 'dist/index.js', import: '{ MoonKeyProvider, useMoonKey, useLoginWithEmail }', brotli: true }

export default [
  {
    name: '@moon-key/react-auth with @moon-key/core (React excluded)',
    ...entry,
    ignore: ["react", "react-dom"],
    limit: '10 KB',
    modifyEsbuildConfig: eager,
  },
  {
    name: "the binding's own code (React and @moon-key/core excluded)",
    ...entry,
    ignore: ["react", "react-dom", '@moon-key/core'],
    limit: '1 KB',
    modifyEsbuildConfig: eager,
  },
]
