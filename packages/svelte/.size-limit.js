// Budgets in brotli bytes, measured like the core's (packages/core/.size-limit.js):
// the login modal is a dynamic import loaded on the first start(), so it stays
// out of the eager bundle (the core measures it on its own).
import { eager } from '../core/.size-limit.js'

const entry = { path: 'dist/index.js', import: '{ setMoonKey, useMoonKey, useLoginWithEmail }', brotli: true }

export default [
  {
    name: '@moon-key/svelte-auth with @moon-key/core (Svelte excluded)',
    ...entry,
    ignore: ["svelte"],
    limit: '10.7 KB',
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
