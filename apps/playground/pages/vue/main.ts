import { MoonKeyPlugin } from '@moon-key/vue-auth'
import { createApp } from 'vue'

import { createPlaygroundClient, renderNav } from '../shared.ts'
import Playground from './Playground.vue'

renderNav()
createApp(Playground).use(MoonKeyPlugin, { client: createPlaygroundClient() }).mount('#app')
