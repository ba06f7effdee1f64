// The modal's whole stylesheet, scoped by the shadow root and adopted as one
// constructable stylesheet (see `adoptStyles`), so a strict CSP needs no 'unsafe-inline'. `:host { all: initial }`
// stops page styles from being inherited; `--moonkey-*` custom properties (which
// `all` does not reset) are the supported way to theme it from the page.
export const styles = `
:host{all:initial;position:fixed;inset:0;z-index:2147483647;display:block;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;
--a:var(--moonkey-accent,#5b4cf5);--bg:var(--moonkey-background,#fff);--fg:var(--moonkey-foreground,#1b1b1f);--mu:var(--moonkey-muted,#5c5f6a);--bd:var(--moonkey-border,#b9bcc6);--er:var(--moonkey-error,#b3261e);--r:var(--moonkey-radius,12px)}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.backdrop{position:fixed;inset:0;display:flex;overflow:auto;padding:1em .5em;background:rgb(0 0 0/.5)}
.dialog{position:relative;margin:auto;width:100%;max-width:24em;padding:2.5em 1.5em 1.5em;background:var(--bg);color:var(--fg);border-radius:var(--r);box-shadow:0 10px 40px rgb(0 0 0/.3);text-align:center;overflow-wrap:anywhere}
.dialog:focus{outline:none}
img{display:block;max-width:100%;max-height:3em;margin:0 auto 1em}
h2{margin:0 0 .5em;font-size:1.25em;font-weight:600;line-height:1.3}
p{margin:0 0 1em;color:var(--mu)}
form{display:flex;flex-direction:column;gap:.75em;text-align:left}
label{font-weight:500;font-size:.9em}
input{font:inherit;width:100%;margin:0;padding:.7em .8em;border:1px solid var(--bd);border-radius:8px;background:var(--bg);color:inherit}
input[name=code]{text-align:center;font-size:1.5em;letter-spacing:.4em;padding-inline:.4em 0;font-variant-numeric:tabular-nums}
button{font:inherit;margin:0;cursor:pointer;border:1px solid transparent;border-radius:8px;padding:.7em 1em;background:none;color:var(--a)}
.primary{background:var(--a);color:#fff;font-weight:600}
.link{padding:.4em .25em;text-decoration:underline}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5em;margin-top:.5em}
.close{position:absolute;top:.4em;right:.4em;color:var(--mu);font-size:1.5em;line-height:1;padding:.2em .45em}
[aria-disabled=true]{opacity:.6;cursor:not-allowed}
[aria-invalid=true]{border-color:var(--er)}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.error{margin:0;color:var(--er);font-weight:500}
.error:empty{margin-top:-.75em}
.oauth{display:flex;flex-direction:column;gap:.5em}
.oauth button{border-color:var(--bd);color:var(--fg);font-weight:500}
.sep{margin:.75em 0;font-size:.9em}
.wallets,[part=wallet-list]{display:flex;flex-direction:column;gap:.5em}
.wallets button{display:flex;align-items:center;gap:.75em;border-color:var(--bd);color:var(--fg);font-weight:500;text-align:left}
.wallets img,.icon{flex:none;width:1.75em;height:1.75em;margin:0;border-radius:6px;background:var(--bd)}
.name{flex:1}
.chain{font-size:.8em;color:var(--mu)}
.wallets p{margin:0}
.wallets+.error:not(:empty){margin-top:.75em}
.status{margin:1em 0 0}
.status:empty{margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){.dialog{animation:mk-in .18s ease-out}}
@keyframes mk-in{from{opacity:0;transform:translateY(.5em)}}
`

let sheet: CSSStyleSheet | undefined

/**
 * Gives `root` the modal's styles. Where constructable stylesheets exist (all
 * current browsers) it adopts one shared `CSSStyleSheet`, which CSP's
 * `style-src` does not govern; elsewhere it returns a `<style>` element carrying
 * `nonce`, for pages whose CSP allows inline styles by nonce only.
 */
export function adoptStyles(root: ShadowRoot, nonce?: string): HTMLStyleElement[] {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet()
      sheet.replaceSync(styles)
    }
    root.adoptedStyleSheets = [sheet]
    return []
  }
  const style = document.createElement('style')
  if (nonce) style.nonce = nonce
  style.textContent = styles
  return [style]
}
