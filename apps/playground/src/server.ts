import { readFile } from 'node:fs/promises'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { createBackend } from './backend.ts'
import { FRAMEWORKS, pagesDir, publicDir, sdkDir } from './paths.ts'

export interface PlaygroundOptions {
  apiUrl: string
  publishableKey: string
  secretKey: string
  /** Default 0: a free port. */
  port?: number
  host?: string
  /**
   * Serve the emulator's MoonKey Test Wallet at `/test-wallet.js`, which every
   * page includes (a development tool: keys in the browser). Default true;
   * when false the pages get an empty script and see only real wallets.
   */
  testWallet?: boolean
}

export interface RunningPlayground {
  url: string
  close(): Promise<void>
}



/**
 * The ES-module page is the script-tag page (public/index.html) with the other
 * build: `<script type="module">` instead of the IIFE's `<script src>`.
 */
export function toEsmPage(html: string): string {
  return html
    .replace('<title>MoonKey playground · script tag</title>', '<title>MoonKey playground · ES module</title>')
    .replace(/\s*<!-- The script-tag build: window.MoonKey -->\s*<script src="\/sdk\/moonkey.global.js"><\/script>/, '')
    .replace(
      '<script src="/app.js"></script>',
      `<!-- The ES module build, for <script type="module"> -->
  <script type="module">
    import * as MoonKey from '/sdk/moonkey.esm.js'
    window.MoonKey = MoonKey
    await import('/app.js')
  </script>`,
    )
}

/**
 * The playground's web server: the backend's `/api/*` routes, the script-tag
 * SDK under `/sdk/`, `/config.js` with the public settings, and the pages.
 */
export function createPlaygroundApp(options: PlaygroundOptions): Hono {
  const app = new Hono()
  app.route('/', createBackend(options))
  app.get('/config.js', (c) => {
    const config = { apiUrl: options.apiUrl, publishableKey: options.publishableKey }
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    c.header('Cache-Control', 'no-store')
    return c.body(`window.MOONKEY_PLAYGROUND = ${JSON.stringify(config)};\n`)
  })
  // DEVELOPMENT ONLY: the test wallet comes from the emulator (GET /emulator/test-wallet.js).
  app.get('/test-wallet.js', (c) => {
    if (options.testWallet === false) {
      c.header('Content-Type', 'text/javascript; charset=utf-8')
      return c.body('// The MoonKey Test Wallet is off (testWallet: false).\n')
    }
    return c.redirect(new URL('/emulator/test-wallet.js', options.apiUrl).href)
  })
  app.get('/esm.html', async (c) => c.html(toEsmPage(await readFile(`${publicDir}/index.html`, 'utf8'))))
  for (const name of FRAMEWORKS) {
    app.get(`/${name}`, (c) => c.redirect(`/${name}/`))
    app.use(`/${name}/*`, serveStatic({ root: pagesDir }))
  }
  app.use('/sdk/*', serveStatic({ root: sdkDir, rewriteRequestPath: (p) => p.replace(/^\/sdk/, '') }))
  app.use('/*', serveStatic({ root: publicDir }))
  return app
}

/** Starts the playground on `host:port` (127.0.0.1 and a free port by default). */
export function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const app = createPlaygroundApp(options)
  const host = options.host ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (info) => {
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            // Keep-alive sockets from a browser must not hold the close open.
            if ('closeAllConnections' in server) server.closeAllConnections()
          }),
      })
    })
    server.once('error', reject)
  })
}
