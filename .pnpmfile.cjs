// The `moonkey-source` export condition points at TypeScript sources, so that
// tests, type checks and the playground use sibling packages without a build.
// Tarballs ship only dist/, so `pnpm pack` / `pnpm publish` drop the condition
// from the packed package.json (the package.json on disk is unchanged).
function stripSource(value) {
  if (Array.isArray(value)) return value.map(stripSource)
  if (value === null || typeof value !== 'object') return value
  const out = {}
  for (const [key, inner] of Object.entries(value)) {
    if (key !== 'moonkey-source') out[key] = stripSource(inner)
  }
  return out
}

module.exports = {
  hooks: {
    beforePacking(pkg) {
      if (pkg.exports) pkg.exports = stripSource(pkg.exports)
      return pkg
    },
  },
}
