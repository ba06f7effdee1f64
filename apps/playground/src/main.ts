/**
 * The main job: the MoonKey emulator, the playground backend and its pages,
 * together. `pnpm start` at the repository root runs this.
 */
import { parseArgs } from 'node:util'
import { startEmulator } from '@moon-key/emulator'
import { buildPages } from './build-pages.ts'
import { startPlayground } from './server.ts'

const { values } = parseArgs({
  options: {
    'emulator-port': { type: 'string', default: process.env.MOONKEY_EMULATOR_PORT ?? '8787' },
    port: { type: 'string', default: process.env.PLAYGROUND_PORT ?? '5173' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: process.env.MOONKEY_EMULATOR_DATA ?? '.moonkey' },
  },
})

const emulator = await startEmulator({
  port: Number(values['emulator-port']),
  host: values.host,
  dataDir: values.data,
})
await buildPages()
const playground = await startPlayground({
  apiUrl: emulator.url,
  publishableKey: emulator.publishableKey,
  secretKey: emulator.secretKey,
  port: Number(values.port),
  host: values.host,
})

console.log(`
  MoonKey emulator   ${emulator.url}   (mailbox: ${emulator.url}/emulator)
    app id           ${emulator.appId}
    publishable key  ${emulator.publishableKey}
    secret key       ${emulator.secretKey}

  Playground         ${playground.url}   <- open this, log in with any email;
                     the one-time code is printed here and in the mailbox.
`)

let closing = false
async function shutdown(): Promise<void> {
  if (closing) return
  closing = true
  await playground.close()
  await emulator.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
