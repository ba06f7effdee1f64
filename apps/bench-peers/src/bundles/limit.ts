// The limit for MoonKey JS (issue 12): its three runtime dependencies alone, as core uses them.
export { del, get, set } from 'idb-keyval'
export { default as ky, HTTPError, TimeoutError } from 'ky'
export { atom } from 'nanostores'
