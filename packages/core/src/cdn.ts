// The script-tag build's entry (`window.MoonKey` in moonkey.global.js).
// A named import (no `type: 'json'`, which allows only the default): esbuild then bundles
// the version string alone, not the whole package.json.
import { version as packageVersion } from '../package.json'

export { createMoonKey } from './client.ts'
export { isMoonKeyError, MoonKeyError } from './errors.ts'

/** The SDK version, e.g. `MoonKey.version === '0.1.0'`. */
export const version: string = packageVersion
