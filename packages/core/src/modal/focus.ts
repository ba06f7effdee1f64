const FOCUSABLE = 'button,input,select,textarea,a[href],[tabindex]:not([tabindex="-1"])'

/** Elements inside `container` that Tab can reach, in document order. */
export function focusables(container: Element): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => !el.hasAttribute('disabled') && !el.closest('[hidden]'),
  )
}

/** The focused element, looking inside open shadow roots. */
export function deepActiveElement(doc: Document = document): HTMLElement | null {
  let active = doc.activeElement
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
  return active as HTMLElement | null
}

/**
 * Keeps Tab / Shift+Tab inside `dialog`: at either end focus wraps around.
 * `active` is the focused element inside the dialog's shadow root.
 */
export function trapTab(event: KeyboardEvent, dialog: HTMLElement, active: Element | null): void {
  const items = focusables(dialog)
  const first = items[0]
  const last = items[items.length - 1]
  const inside = !!active && dialog.contains(active)
  const atEdge = event.shiftKey
    ? !inside || active === first || active === dialog
    : !inside || active === last
  if (!atEdge) return
  event.preventDefault()
  ;(event.shiftKey ? last : first)?.focus()
}
