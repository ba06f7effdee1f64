import { MoonKeyProvider, useMoonKey } from '@moon-key/react-auth'
import { useState } from 'react'
import { createRoot } from 'react-dom/client'

import { callBackend, createPlaygroundClient, greeting, renderNav } from '../shared.ts'

function Playground() {
  const { ready, isAuthenticated, user, start, logout, getSessionTokens } = useMoonKey()
  const [result, setResult] = useState('—')
  const call = (kind: 'token' | 'jwt') => callBackend(getSessionTokens, kind).then(setResult)
  return (
    <>
      <section id="status" aria-live="polite">
        <p data-testid="loading" hidden={ready}>Loading…</p>
        <div data-testid="logged-out" hidden={!ready || isAuthenticated}>
          <h1>You are logged out</h1>
          <p>Log in with any email address (the emulator prints the one-time code in its
            terminal and on its mailbox page), Google, Apple or the test wallet.</p>
          <button id="login" type="button" onClick={() => start()}>Log in</button>
        </div>
        <div data-testid="logged-in" hidden={!ready || !isAuthenticated}>
          <h1 data-testid="welcome">{user && `Welcome, ${greeting(user)}!`}</h1>
          <p>User id: <code data-testid="user-id">{user?.id}</code></p>
          <div className="row">
            <button id="call-token" type="button" onClick={() => call('token')}>Call backend with session token</button>
            <button id="call-jwt" type="button" onClick={() => call('jwt')}>Call backend with session JWT</button>
            <button id="logout" type="button" onClick={() => logout()}>Log out</button>
          </div>
        </div>
      </section>
      <section>
        <h2>Backend answer</h2>
        <pre data-testid="result">{result}</pre>
      </section>
    </>
  )
}

renderNav()
createRoot(document.getElementById('app')!).render(
  <MoonKeyProvider client={createPlaygroundClient()}>
    <Playground />
  </MoonKeyProvider>,
)
