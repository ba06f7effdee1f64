import { createMoonKey, type MoonKeyClient, type MoonKeyOptions } from '@moon-key/core'
import { getContext, onDestroy, setContext } from 'svelte'

const MOONKEY = Symbol('moonkey')

/** Either the options for a client `setMoonKey` creates and owns, or a client you own. */
export type SetMoonKeyOptions = MoonKeyOptions | { client: MoonKeyClient }

/**
 * Gives this component and its children a MoonKey client; call it in your root
 * component's `<script>`. With options it creates one and destroys it with the
 * component; a `client` you pass is never destroyed.
 *
 * @example
 * setMoonKey({ publishableKey: 'pk_test_…', config: { loginMethods: ['email'] } })
 */
export function setMoonKey(options: SetMoonKeyOptions): MoonKeyClient {
  const client = 'client' in options ? options.client : createMoonKey(options)
  if (!('client' in options)) onDestroy(() => client.destroy())
  return setContext(MOONKEY, client)
}

/** The client set by `setMoonKey` above (used by `useMoonKey` and `useLoginWithEmail`). */
export function getMoonKeyClient(): MoonKeyClient {
  const client = getContext<MoonKeyClient | undefined>(MOONKEY)
  if (!client) {
    throw new Error('[moonkey] No MoonKey client here: call setMoonKey({ publishableKey }) in a parent component.')
  }
  return client
}
