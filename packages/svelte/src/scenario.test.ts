import { flushSync, mount, unmount } from 'svelte'

import { bindingScenarios, type Seen } from '../../core/test/binding-scenarios.ts'
import Root from '../test/Root.svelte'
import type { LoginWithEmail, LoginWithOAuth, MoonKey } from './index.ts'

bindingScenarios({
  name: 'svelte',
  render(client, onComplete, onEvent) {
    let seen!: { moonkey: MoonKey; login: LoginWithEmail; oauth: LoginWithOAuth }
    const target = document.body.appendChild(document.createElement('div'))
    const app = mount(Root, { target, props: { options: { client }, onComplete, onEvent, expose: (s) => (seen = s) } })
    flushSync()
    return {
      seen: (): Seen => {
        const { moonkey, login, oauth } = seen
        return {
          ready: moonkey.ready,
          isAuthenticated: moonkey.isAuthenticated,
          user: moonkey.user,
          state: login.state,
          getSessionTokens: moonkey.getSessionTokens,
          logout: moonkey.logout,
          sendCode: login.sendCode,
          loginWithCode: login.loginWithCode,
          initOAuth: oauth.initOAuth,
        }
      },
      text: () => {
        flushSync()
        return target.textContent!
      },
      unmount: async () => {
        await unmount(app)
        target.remove()
      },
    }
  },
})
