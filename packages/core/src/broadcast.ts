import type { LogoutReason } from './events.ts'

/** What tabs of one app tell each other (a logout says why unless it was `logout()`). */
export type TabMessage = { record: unknown } | { logout: string; reason?: LogoutReason | undefined }

export interface Broadcast {
  post(message: TabMessage): void
  close(): void
}

/**
 * Opens the channel shared by every tab of one app, or returns `undefined`
 * where BroadcastChannel is missing (the client then re-reads storage when the
 * tab becomes visible).
 *
 * @example
 * const tabs = createBroadcast('moonkey:pk_test_123', (message) => adopt(message))
 * tabs?.post({ logout: token })
 */
export const createBroadcast = (
  name: string,
  receive: (message: Partial<{ record: unknown; logout: string; reason: LogoutReason }>) => void,
): Broadcast | undefined => {
  if (typeof BroadcastChannel === 'undefined') return undefined
  const channel = new BroadcastChannel(name)
  channel.onmessage = (event) => receive(event.data ?? {})
  return {
    post(message) {
      try {
        channel.postMessage(message)
      } catch {
        // A closed channel: this client was destroyed.
      }
    },
    close: () => channel.close(),
  }
}
