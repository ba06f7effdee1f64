/** base64url without padding (RFC 4648 §5), as PKCE and OAuth state use it. */
export const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/** `bytes` random bytes from `crypto.getRandomValues`, base64url-encoded. */
export const randomString = (bytes = 32): string =>
  base64url(crypto.getRandomValues(new Uint8Array(bytes)))

/**
 * The S256 code challenge of a PKCE verifier (RFC 7636): base64url(SHA-256(verifier)).
 *
 * @example
 * const verifier = randomString() // 43 characters
 * const challenge = await s256(verifier)
 */
export const s256 = async (verifier: string): Promise<string> =>
  base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))))
