import { createMoonKey, type MoonKeyClient, type MoonKeyOptions } from '@moon-key/core'
import { createContext, createElement, useContext, useEffect, useRef, type ReactNode } from 'react'

const MoonKeyContext = createContext<MoonKeyClient | null>(null)

/** Either the options for a client the provider creates and owns, or a client you own. */
export type MoonKeyProviderProps = (MoonKeyOptions | { client: MoonKeyClient }) & {
  children?: ReactNode
}

/**
 * Gives its children a MoonKey client. With options it creates one on first
 * render (options are read once) and destroys it on unmount; a `client` you
 * pass is never destroyed.
 *
 * @example
 * <MoonKeyProvider publishableKey="pk_test_…" config={{ loginMethods: ['email'] }}>
 *   <App />
 * </MoonKeyProvider>
 */
export function MoonKeyProvider({ children, ...props }: MoonKeyProviderProps): ReactNode {
  const own = useRef<MoonKeyClient | null>(null)
  const owner = useRef(0)
  const client = 'client' in props ? props.client : (own.current ??= createMoonKey(props))
  useEffect(() => {
    const created = own.current
    const mount = ++owner.current
    // StrictMode and Fast Refresh run this cleanup and then the effect again at
    // once: only destroy when no mount followed.
    return () => queueMicrotask(() => owner.current === mount && created?.destroy())
  }, [])
  return createElement(MoonKeyContext.Provider, { value: client }, children)
}

/** The client of the nearest `MoonKeyProvider` (used by the hooks). */
export function useMoonKeyClient(): MoonKeyClient {
  const client = useContext(MoonKeyContext)
  if (!client) throw new Error('[moonkey] No MoonKey client here: wrap your app in <MoonKeyProvider>.')
  return client
}
