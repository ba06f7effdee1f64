import { createMoonKey, type MoonKeyClient, type MoonKeyOptions } from '@moon-key/core'
import { inject, type App, type InjectionKey } from 'vue'

const MOONKEY: InjectionKey<MoonKeyClient> = Symbol('moonkey')

/** Either the options for a client the plugin creates and owns, or a client you own. */
export type MoonKeyPluginOptions = MoonKeyOptions | { client: MoonKeyClient }

/**
 * Gives the app a MoonKey client. With options it creates one and destroys it
 * when the app unmounts; a `client` you pass is never destroyed.
 *
 * @example
 * createApp(App).use(MoonKeyPlugin, { publishableKey: 'pk_test_…', config: { loginMethods: ['email'] } })
 */
export const MoonKeyPlugin = {
  install(app: App, options: MoonKeyPluginOptions): void {
    const client = 'client' in options ? options.client : createMoonKey(options)
    app.provide(MOONKEY, client)
    if ('client' in options) return
    // `app.onUnmount` needs Vue 3.5; this works from 3.4 (as vue-router does it).
    const unmount = app.unmount
    app.unmount = () => {
      unmount()
      client.destroy()
    }
  },
}

/** The app's client (used by the composables). */
export const useMoonKeyClient = (): MoonKeyClient => {
  const client = inject(MOONKEY, null)
  if (!client) {
    throw new Error('[moonkey] No MoonKey client here: install it with app.use(MoonKeyPlugin, { publishableKey }).')
  }
  return client
}
