// Budgets in brotli bytes, measured like the core's (packages/core/.size-limit.js):
// the login modal is a dynamic import loaded on the first start(), so it stays
// out of the eager bundle (the core measures it on its own).
import { eager } from '../core/.size-limit.js'

const entry = { path: 'dist/index.js', import: '{ MoonKeyPlugin, useMoonKey, useLoginWithEmail }', brotli: true }

export default [
  {
    name: '@moon-key/vue-auth with @moon-key/core (Vue excluded)',
    ...entry,
    ignore: ["vue"],
    // 10.69 kB before issue 12's heap pass in the core (login states created on first use), 10.77 kB after.
    limit: '10.8 KB',
    modifyEsbuildConfig: eager,
  },
  {
    name: "the binding's own code (Vue and @moon-key/core excluded)",
    ...entry,
    ignore: ["vue", '@moon-key/core'],
    limit: '1 KB',
    modifyEsbuildConfig: eager,
  },
]
