import { describe, expect, it } from 'vitest'
import { createRouteMatcher, isSignInPath, signInRedirect } from './protect.ts'

describe('createRouteMatcher', () => {
  it("'/path' is that path only (trailing slash, doubled slashes and escapes do not dodge it)", () => {
    const matches = createRouteMatcher(['/settings'])
    for (const path of ['/settings', '/settings/', '//settings', '/%73ettings']) expect(matches(path), path).toBe(true)
    for (const path of ['/', '/settings/x', '/settingsx', '/a/settings']) expect(matches(path), path).toBe(false)
  })

  it("'/path/:path*' is that path and everything below it, not its look-alikes", () => {
    const matches = createRouteMatcher(['/dashboard/:path*'])
    for (const path of ['/dashboard', '/dashboard/', '/dashboard/a/b', '/dashboard//a']) expect(matches(path), path).toBe(true)
    for (const path of ['/', '/dashboardx', '/dash', '/x/dashboard']) expect(matches(path), path).toBe(false)
  })

  it("'/:path*' is everything; a RegExp is tested as it is; no patterns, nothing", () => {
    expect(createRouteMatcher(['/:path*'])('/anything/at/all')).toBe(true)
    const admin = createRouteMatcher([/^\/admin(\/|$)/g])
    expect([admin('/admin'), admin('/admin'), admin('/administrator')]).toEqual([true, true, false])
    expect(createRouteMatcher()('/dashboard')).toBe(false)
  })

  it('anything else is refused rather than protecting less than meant', () => {
    for (const pattern of ['/dashboard(.*)', '/dashboard/*', 'dashboard', '/:id/settings', '/a?b']) {
      expect(() => createRouteMatcher([pattern]), pattern).toThrow(/not a path like/)
    }
  })
})

describe('signInRedirect and isSignInPath', () => {
  it('redirect_url is a same-origin path with the query', () => {
    const target = signInRedirect(new URL('https://app.example/dashboard?tab=2'), '/sign-in')
    expect(target.href).toBe('https://app.example/sign-in?redirect_url=%2Fdashboard%3Ftab%3D2')
    expect(signInRedirect(new URL('https://app.example//evil.example'), '/').searchParams.get('redirect_url')).toBe('/evil.example')
    expect(signInRedirect(new URL('https://app.example/x'), 'https://auth.example/login?lang=fr').href).toBe(
      'https://auth.example/login?lang=fr&redirect_url=%2Fx',
    )
  })

  it('knows the sign-in page itself', () => {
    expect(isSignInPath(new URL('https://app.example/sign-in/'), '/sign-in')).toBe(true)
    expect(isSignInPath(new URL('https://app.example/sign-in?x=1'), '/sign-in')).toBe(true)
    expect(isSignInPath(new URL('https://app.example/other'), '/sign-in')).toBe(false)
    expect(isSignInPath(new URL('https://app.example/login'), 'https://auth.example/login')).toBe(false)
  })
})
