import { mount } from 'svelte'

import { createPlaygroundClient, renderNav } from '../shared.ts'
import Playground from './Playground.svelte'

renderNav()
mount(Playground, { target: document.getElementById('app')!, props: { client: createPlaygroundClient() } })
