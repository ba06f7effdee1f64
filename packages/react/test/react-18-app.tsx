// Bundled by src/react-18.test.ts with `react` and `react-dom` aliased to React 18.
import { createMoonKey, type MoonKeyOptions } from '@moon-key/core'
import { StrictMode, version } from 'react'
import { createRoot } from 'react-dom/client'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server.browser'

import { MoonKeyProvider, useMoonKey } from '../src/index.ts'

export { version }

function Email() {
  const { ready, isAuthenticated, user } = useMoonKey()
  return <p>{!ready ? 'loading' : isAuthenticated ? user.email : 'logged out'}</p>
}

/** Mounts `<StrictMode><MoonKeyProvider {...options}>` into `element`; returns the unmount. */
export function mountStrict(element: HTMLElement, options: MoonKeyOptions): () => void {
  const root = createRoot(element)
  root.render(
    <StrictMode>
      <MoonKeyProvider {...options}>
        <Email />
      </MoonKeyProvider>
    </StrictMode>,
  )
  return () => root.unmount()
}

/** Server HTML for a never-ready client, then hydration with `options`' client. */
export function hydrate(element: HTMLElement, options: MoonKeyOptions, onRecoverableError: (e: unknown) => void) {
  const server = createMoonKey({ ...options, publishableKey: `${options.publishableKey}_server`, storage: 'memory' })
  element.innerHTML = renderToString(
    <MoonKeyProvider client={server}>
      <Email />
    </MoonKeyProvider>,
  )
  server.destroy()
  const client = createMoonKey(options)
  const root = hydrateRoot(
    element,
    <MoonKeyProvider client={client}>
      <Email />
    </MoonKeyProvider>,
    { onRecoverableError },
  )
  return () => {
    root.unmount()
    client.destroy()
  }
}

/** Server HTML with `options` (and its `initialState`), then hydration with the same options. */
export function hydrateWithInitialState(element: HTMLElement, options: MoonKeyOptions, onRecoverableError: (e: unknown) => void) {
  element.innerHTML = renderToString(
    <MoonKeyProvider {...options} publishableKey={`${options.publishableKey}_server`} storage="memory">
      <Email />
    </MoonKeyProvider>,
  )
  const root = hydrateRoot(
    element,
    <MoonKeyProvider {...options}>
      <Email />
    </MoonKeyProvider>,
    { onRecoverableError },
  )
  return () => root.unmount()
}
