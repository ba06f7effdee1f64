import { createApp, defineComponent, h } from 'vue'

import { bindingScenarios, type Seen } from '../../core/test/binding-scenarios.ts'
import { MoonKeyPlugin, useLoginWithEmail, useLoginWithOAuth, useMoonKey, useMoonKeyEvent } from './index.ts'
import type { LoginWithEmail, LoginWithOAuth, MoonKey } from './index.ts'

bindingScenarios({
  name: 'vue',
  render(client, onComplete, onEvent) {
    let moonkey!: MoonKey
    let login!: LoginWithEmail
    let oauth!: LoginWithOAuth
    const Probe = defineComponent(() => {
      moonkey = useMoonKey()
      login = useLoginWithEmail({ onComplete })
      oauth = useLoginWithOAuth({ onComplete })
      useMoonKeyEvent('ready', onEvent)
      useMoonKeyEvent('login', onEvent)
      useMoonKeyEvent('refresh', onEvent)
      useMoonKeyEvent('logout', onEvent)
      const { ready, isAuthenticated, user } = moonkey
      return () => h('p', `${ready.value}|${isAuthenticated.value}|${user.value?.email ?? ''}|${login.state.value.status}`)
    })
    const element = document.body.appendChild(document.createElement('div'))
    const app = createApp(Probe).use(MoonKeyPlugin, { client })
    app.mount(element)
    return {
      seen: (): Seen => ({
        ...moonkey,
        ...login,
        initOAuth: oauth.initOAuth,
        ready: moonkey.ready.value,
        isAuthenticated: moonkey.isAuthenticated.value,
        user: moonkey.user.value,
        state: login.state.value,
      }),
      text: () => element.textContent!,
      unmount: () => {
        app.unmount()
        element.remove()
      },
    }
  },
})
