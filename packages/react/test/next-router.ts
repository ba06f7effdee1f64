// Runtime stand-in for `next/router` (aliased in the react Vitest project); tests mock it.
export const useRouter = (): { push(url: string): Promise<boolean> } => {
  throw new Error('next/router is mocked in tests')
}
