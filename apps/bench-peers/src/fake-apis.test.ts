import { describe, expect, it } from 'vitest'

import { fakeApis, HOSTS } from './fake-apis.ts'

describe('fakeApis', () => {
  it('answers a refresh like the provider and counts it', async () => {
    const apis = fakeApis()
    const response = await apis.fetch(`${HOSTS.supabase}/auth/v1/token?grant_type=refresh_token`, {
      method: 'POST',
      body: JSON.stringify({ refresh_token: 'r' }),
    })
    const session = await response.json()
    expect(session.expires_at).toBeGreaterThan(Date.now() / 1000)
    expect(session.access_token.split('.')).toHaveLength(3)
    expect(apis.count('supabase:refresh')).toBe(1)
  })

  it('reads form bodies (Firebase, Auth0)', async () => {
    const apis = fakeApis()
    const response = await apis.fetch('https://securetoken.googleapis.com/v1/token?key=k', {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'fb' }),
    })
    expect(await response.json()).toMatchObject({ refresh_token: 'fb', expires_in: '3600' })
    expect(apis.count('firebase:refresh')).toBe(1)
  })

  it('fails loudly on a URL no fake serves, and remembers it', async () => {
    const apis = fakeApis()
    await expect(apis.fetch('https://example.com/telemetry')).rejects.toThrow(/offline/)
    expect(apis.unexpected).toEqual(['GET https://example.com/telemetry'])
  })
})
