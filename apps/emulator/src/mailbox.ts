import type { OAuthAccountRow } from './db.ts'

export interface MailMessage {
  email: string
  code: string
  email_id: string
  user_id: string
  sent_at: number
  expires_at: number
}

export interface Mailbox {
  deliver(message: MailMessage): void
  /** Messages oldest first; only those to `email` when given. */
  list(email?: string): MailMessage[]
  /** The newest code sent to `email`. */
  latestCode(email: string): string | undefined
}

const KEEP = 1000

/**
 * The dev mailbox. It holds plain codes for display only, in memory (the
 * database keeps nothing but SHA-256 hashes of codes), and prints every email
 * to the log.
 */
export function createMailbox(log: (line: string) => void): Mailbox {
  const messages: MailMessage[] = []
  return {
    deliver(message) {
      messages.push(message)
      if (messages.length > KEEP) messages.splice(0, messages.length - KEEP)
      const minutes = Math.round((message.expires_at - message.sent_at) / 60)
      log(`[moonkey-emulator] email to ${message.email}: your code is ${message.code} (expires in ${minutes} min)`)
    },
    list(email) {
      const normalized = email?.toLowerCase()
      return normalized === undefined ? [...messages] : messages.filter((m) => m.email === normalized)
    },
    latestCode(email) {
      const normalized = email.toLowerCase()
      for (let i = messages.length - 1; i >= 0; i--) {
        if (messages[i]!.email === normalized) return messages[i]!.code
      }
      return undefined
    },
  }
}

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** The small HTML page at `GET /emulator`: recent mail, newest first, and the OAuth accounts seen. */
export function mailboxPage(messages: MailMessage[], appId: string, oauthAccounts: OAuthAccountRow[] = []): string {
  const rows = messages
    .slice(-100)
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.email)}</td><td><code>${escapeHtml(m.code)}</code></td><td>${new Date(m.sent_at * 1000).toISOString()}</td><td>${new Date(m.expires_at * 1000).toISOString()}</td><td>${escapeHtml(m.user_id)}</td></tr>`,
    )
    .join('\n')
  const accounts = oauthAccounts
    .map(
      (a) =>
        `<tr><td><a href="/emulator/v1/oauth/accounts?provider=${escapeHtml(a.provider)}">${escapeHtml(a.provider)}</a></td><td>${escapeHtml(a.email)}</td><td>${escapeHtml(a.name)}</td><td><code>${escapeHtml(a.provider_subject)}</code></td><td>${escapeHtml(a.user_id ?? 'not logged in yet')}</td></tr>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MoonKey emulator</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style>
</head><body>
<h1>MoonKey emulator</h1>
<p>App <code>${escapeHtml(appId)}</code>. Dev mailbox: one-time codes sent by this emulator (newest first). JSON at <a href="/emulator/v1/mailbox">/emulator/v1/mailbox</a>.</p>
<table><thead><tr><th>To</th><th>Code</th><th>Sent</th><th>Expires</th><th>User</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="5">No mail yet.</td></tr>'}
</tbody></table>
<h2>OAuth accounts</h2>
<p>Accounts the fake Google and Apple sign-in pages have seen (newest first). JSON at <a href="/emulator/v1/oauth/accounts">/emulator/v1/oauth/accounts</a>.</p>
<table><thead><tr><th>Provider</th><th>Email</th><th>Name</th><th>Subject</th><th>User</th></tr></thead>
<tbody>
${accounts || '<tr><td colspan="5">No OAuth accounts yet.</td></tr>'}
</tbody></table>
</body></html>`
}
