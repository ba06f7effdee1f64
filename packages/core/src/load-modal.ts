/**
 * Loads the login modal's chunk (on the first `start()`). The script-tag build
 * replaces this module with `load-modal.cdn.ts` (see scripts/build-cdn.ts).
 */
export const loadModal = (): Promise<typeof import('./modal/index.ts')> => import('./modal/index.ts')
