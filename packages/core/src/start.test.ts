import { afterEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, storedRecord } from '../test/fake-api.ts'
import { mapStorage, ready, setup } from '../test/setup-client.ts'

const modal = (): Element | null => document.querySelector('moonkey-login-modal')
/** start() loads the modal with a dynamic import: wait for it to land. */
const opened = () => vi.waitFor(() => expect(modal()).not.toBeNull())

afterEach(() => {
  modal()?.remove()
})

describe('start()', () => {
  it('opens the login modal, loaded on first use, with the config and params', async () => {
    const { client } = setup({ config: { appearance: { loginHeaderTitle: 'Welcome to Acme' } } })
    await ready(client)
    expect(client.start()).toBeUndefined()
    await opened()
    const root = modal()!.shadowRoot!
    expect(root.querySelector('[role="dialog"]')?.getAttribute('aria-modal')).toBe('true')
    expect(root.textContent).toContain('Welcome to Acme')

    // Calling it again keeps the one modal.
    client.start()
    await new Promise((r) => setTimeout(r, 10))
    expect(document.querySelectorAll('moonkey-login-modal')).toHaveLength(1)
  })

  it('prefills the email and logs in through the client', async () => {
    const { api, client } = setup()
    await ready(client)
    client.start({ prefill: { type: 'email', value: 'ada@example.com' } })
    await opened()
    const email = modal()!.shadowRoot!.querySelector<HTMLInputElement>('input[name="email"]')!
    expect(email.value).toBe('ada@example.com')
    email.form!.requestSubmit()
    await vi.waitFor(() => expect(api.count('/login_or_create')).toBe(1))
    const code = await vi.waitFor(() => {
      const input = modal()!.shadowRoot!.querySelector<HTMLInputElement>('input[name="code"]')
      expect(input).not.toBeNull()
      return input!
    })
    code.value = '123456'
    code.dispatchEvent(new Event('input', { bubbles: true }))
    await vi.waitFor(() => expect(client.$state.get().isAuthenticated).toBe(true))
  })

  it('called before the stored session was read, it waits: no flash of the modal for a logged-in user', async () => {
    const api = fakeApi()
    const storage = mapStorage()
    storage.map.set('session', storedRecord(api.session()))
    const get = storage.get
    storage.get = async (key) => {
      await new Promise((r) => setTimeout(r, 100)) // a slow IndexedDB open
      return get(key)
    }
    let appeared = false
    const observer = new MutationObserver(() => (appeared ||= modal() !== null))
    observer.observe(document.documentElement, { childList: true, subtree: true })
    const { client } = setup({ api, storage })
    client.start() // before ready
    await ready(client)
    await new Promise((r) => setTimeout(r, 50))
    observer.disconnect()
    expect(client.$state.get().isAuthenticated).toBe(true)
    expect(appeared).toBe(false)
  })

  it('does nothing while logged in or after destroy()', async () => {
    const api = fakeApi()
    const storage = mapStorage()
    storage.map.set('session', storedRecord(api.session()))
    const { client } = setup({ api, storage })
    await ready(client)
    client.start()
    const other = setup({ publishableKey: 'pk_test_other' }).client
    await ready(other)
    other.destroy()
    other.start()
    await new Promise((r) => setTimeout(r, 20))
    expect(modal()).toBeNull()
  })
})
