import type { MoonKeyEventHandler, MoonKeyEventName } from '@moon-key/core'
import { onBeforeUnmount, onMounted } from 'vue'

import { useMoonKeyClient } from './context.ts'

/**
 * Calls `handler` on each `'login'`, `'logout'`, `'refresh'` or `'ready'` of
 * the client while the component is mounted (never on the server).
 *
 * @example
 * useMoonKeyEvent('logout', ({ reason }) => {
 *   if (reason === 'expired') router.push('/login?expired')
 * })
 */
export function useMoonKeyEvent<N extends MoonKeyEventName>(name: N, handler: MoonKeyEventHandler<N>): void {
  const client = useMoonKeyClient()
  let off = (): void => {}
  onMounted(() => (off = client.on(name, handler)))
  onBeforeUnmount(() => off())
}
