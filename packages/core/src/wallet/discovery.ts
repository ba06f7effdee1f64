import type { Found } from './connector.ts'
import { watchEthereum } from './ethereum.ts'
import { watchSolana } from './solana.ts'

/**
 * Watches for every installed wallet, Ethereum ones first, and reports the
 * whole list whenever it changes. Returns a function that stops watching.
 *
 * @example
 * const stop = discoverWallets(window, (found) => render(found.map((f) => f.wallet)))
 */
export const discoverWallets = (win: Window, onChange: (found: Found[]) => void): (() => void) => {
  let ethereum: Found[] = []
  let solana: Found[] = []
  const report = (): void => onChange([...ethereum, ...solana])
  const stopEthereum = watchEthereum(win, (found) => {
    ethereum = found
    report()
  })
  const stopSolana = watchSolana((found) => {
    solana = found
    report()
  })
  return () => {
    stopEthereum()
    stopSolana()
  }
}
