/** True unless a bundler set `process.env.NODE_ENV` to `'production'` (the script tag counts as development). */
export const development = (): boolean =>
  typeof process === 'undefined' || process.env.NODE_ENV !== 'production'
