// The script-tag build's entry (`window.MoonKey` in moonkey.global.js).
import pkg from '../package.json' with { type: 'json' }

export { createMoonKey } from './client.ts'
export { isMoonKeyError, MoonKeyError } from './errors.ts'

/** The SDK version, e.g. `MoonKey.version === '0.1.0'`. */
export const version: string = pkg.version
