// Budgets in brotli bytes, measured like the core's (packages/core/.size-limit.js):
// the login modal is a dynamic import loaded on the first start(), so it stays
// out of the eager bundle (the core measures it on its own).
import { eager } from '../core/.size-limit.js'

const entry = { path: 'dist/index.js', import: '{ MoonKeyProvider, useMoonKey, useLoginWithEmail }', brotli: true }

export default [
  {
    name: '@moon-key/react-auth with @moon-key/core (React excluded)',
    ...entry,
    ignore: ["react", "react-dom"],
    limit: '11.1 KB',
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
