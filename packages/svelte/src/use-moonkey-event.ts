import type { MoonKeyEventHandler, MoonKeyEventName } from '@moon-key/core'
import { onMount } from 'svelte'

import { getMoonKeyClient } from './context.ts'

/**
 * Calls `handler` on each `'login'`, `'logout'`, `'refresh'` or `'ready'` of
 * the client while the component is mounted (never on the server). Call it in
 * a component's `<script>`.
 *
 * @example
 * useMoonKeyEvent('logout', ({ reason }) => {
 *   if (reason === 'expired') goto('/login?expired')
 * })
 */
export function useMoonKeyEvent<N extends MoonKeyEventName>(name: N, handler: MoonKeyEventHandler<N>): void {
  const client = getMoonKeyClient()
  onMount(() => client.on(name, handler))
}
