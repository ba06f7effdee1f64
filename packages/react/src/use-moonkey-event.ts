import type { MoonKeyEventHandler, MoonKeyEventName } from '@moon-key/core'
import { useEffect, useInsertionEffect, useRef } from 'react'

import { useMoonKeyClient } from './context.ts'

/**
 * Calls `handler` on each `'login'`, `'logout'`, `'refresh'` or `'ready'` of
 * the client while the component is mounted (the latest render's `handler`).
 *
 * @example
 * useMoonKeyEvent('logout', ({ reason }) => {
 *   if (reason === 'expired') toast('Your session expired. Please log in again.')
 * })
 */
export function useMoonKeyEvent<N extends MoonKeyEventName>(name: N, handler: MoonKeyEventHandler<N>): void {
  const client = useMoonKeyClient()
  const latest = useRef(handler)
  useInsertionEffect(() => {
    latest.current = handler
  })
  useEffect(() => client.on(name, (event) => latest.current(event)), [client, name])
}
