import type { OAuthAccountRow } from './db.ts'
import { escapeHtml } from './mailbox.ts'
import type { OAuthProvider } from './objects.ts'

const BRAND: Record<OAuthProvider, { name: string; color: string; text: string }> = {
  google: { name: 'Google', color: '#1a73e8', text: '#fff' },
  apple: { name: 'Apple', color: '#000', text: '#fff' },
}

export interface ProviderPageInput {
  provider: OAuthProvider
  flowId: string
  accounts: OAuthAccountRow[]
  /** Shown above the form (e.g. an invalid email), tied to the Email field. */
  error?: string
  email?: string
  name?: string
}

const page = (provider: OAuthProvider, title: string, body: string): string => {
  const brand = BRAND[provider]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:16px system-ui,sans-serif;margin:0;background:#f4f4f5;color:#18181b}
main{max-width:26rem;margin:3rem auto;background:#fff;border-radius:12px;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem}.note{color:#52525b;font-size:.9rem}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}
input[type=email],input[type=text]{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #71717a;border-radius:6px}
.check{display:flex;gap:.5rem;align-items:center;font-weight:400}
button{font:inherit;padding:.55rem 1rem;border-radius:6px;border:1px solid #71717a;background:#fff;cursor:pointer}
button.primary{background:${brand.color};color:${brand.text};border-color:${brand.color}}
.accounts{list-style:none;padding:0}.accounts button{width:100%;text-align:left;margin:.25rem 0}
.actions{display:flex;gap:.5rem;margin-top:1.2rem}
.error{color:#b91c1c}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
</style></head><body><main>
<p class="note">MoonKey emulator: a fake ${brand.name} sign-in. No real ${brand.name} account is used.</p>
${body}
</main></body></html>`
}

/** The fake provider's sign-in page: accounts seen before, and a form to add one. */
export function providerPage({ provider, flowId, accounts, error, email = '', name = '' }: ProviderPageInput): string {
  const brand = BRAND[provider].name
  const flow = `<input type="hidden" name="flow" value="${escapeHtml(flowId)}">`
  const picks = accounts.length
    ? `<h2>Choose an account</h2>
<form method="post"><ul class="accounts">
${flow}
${accounts
  .map(
    (a) =>
      `<li><button type="submit" name="account" value="${escapeHtml(a.id)}">${escapeHtml(a.name)} <span class="note">${escapeHtml(a.email)}</span></button></li>`,
  )
  .join('\n')}
</ul></form>
<h2>Or use another account</h2>`
    : '<h2>Add an account</h2>'
  const hide =
    provider === 'apple'
      ? `<label class="check"><input type="checkbox" name="hide_email" value="on"> Hide my email (share a private relay address instead)</label>`
      : ''
  const errorLine = error ? `<p id="email-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''
  return page(
    provider,
    `Sign in with ${brand}`,
    `<h1>Sign in with ${brand}</h1>
${picks}
<form method="post" novalidate>
${flow}
${errorLine}
<label for="email">Email</label>
<input id="email" type="email" name="email" autocomplete="email" required value="${escapeHtml(email)}"${error ? ' aria-invalid="true" aria-describedby="email-error"' : ''}>
<label for="name">Name</label>
<input id="name" type="text" name="name" autocomplete="name" value="${escapeHtml(name)}">
${hide}
<div class="actions">
<button type="submit" class="primary" name="action" value="continue">Continue</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</div>
</form>`,
  )
}

/** Shown for an unknown, used or expired provider page. */
export function providerGonePage(provider: OAuthProvider): string {
  return page(
    provider,
    'Sign-in link expired',
    `<h1>This sign-in link has expired</h1>
<p>It was already used, cancelled, or is older than 10 minutes. Go back to the app and start again.</p>`,
  )
}
