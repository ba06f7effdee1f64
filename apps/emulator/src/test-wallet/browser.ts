// The MoonKey Test Wallet: a DEVELOPMENT tool the emulator serves at
// /emulator/test-wallet.js. It announces an Ethereum wallet (EIP-6963, EIP-1193
// `personal_sign`) and registers a Solana wallet (Wallet Standard,
// `solana:signMessage`), both backed by keys generated in this browser and
// kept in localStorage. Never ship it: anyone with page access can sign.
import { ed25519 } from '@noble/curves/ed25519'
import { base58 } from '@scure/base'
import { bytesToHex, hexToBytes, isHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

const NAME = 'MoonKey Test Wallet (development)'
const RDNS = 'dev.moonkey.test-wallet'
const STORAGE_KEY = 'moonkey-test-wallet:v1'
const CHAINS = ['solana:mainnet', 'solana:devnet'] as const
const ICON =
  'data:image/svg+xml;base64,' +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#f59e0b"/>' +
      '<text x="16" y="22" font-family="sans-serif" font-size="16" font-weight="700" text-anchor="middle" fill="#111">T</text></svg>',
  )

interface Keys {
  ethereum: `0x${string}`
  solana: `0x${string}`
}

/** The keys of this browser's test wallet: read from localStorage, or made and kept there. */
const loadKeys = (): Keys => {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Keys> | null
    if (stored && isHex(stored.ethereum) && isHex(stored.solana)) return stored as Keys
  } catch {
    // Unreadable: make new keys.
  }
  const keys: Keys = { ethereum: generatePrivateKey(), solana: bytesToHex(ed25519.utils.randomPrivateKey()) }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(keys))
  } catch {
    // No storage: the keys last as long as the page.
  }
  return keys
}

const keys = loadKeys()
const ethereum = privateKeyToAccount(keys.ethereum)
const solanaSecret = hexToBytes(keys.solana)
const solanaPublicKey = ed25519.getPublicKey(solanaSecret)

/** Controls for people and end-to-end tests: `window.moonkeyTestWallet`. */
const control = {
  name: NAME,
  ethereumAddress: ethereum.address,
  solanaAddress: base58.encode(solanaPublicKey),
  /** When true, the next signature request is rejected like a user would (code 4001). */
  rejectNext: false,
  /** Forgets the keys: the next page load makes a new wallet (a new user). */
  reset(): void {
    localStorage.removeItem(STORAGE_KEY)
  },
}

const rejection = (): Error => Object.assign(new Error('User rejected the request.'), { code: 4001 })
const approve = (): void => {
  if (!control.rejectNext) return
  control.rejectNext = false
  throw rejection()
}

// Ethereum: an EIP-1193 provider, announced through EIP-6963.
const provider = {
  isMoonKeyTestWallet: true,
  async request({ method, params = [] }: { method: string; params?: unknown[] }): Promise<unknown> {
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [ethereum.address]
      case 'eth_chainId':
        return '0x1'
      case 'net_version':
        return '1'
      case 'personal_sign': {
        const [data, address] = params as [string, string]
        if (typeof address !== 'string' || address.toLowerCase() !== ethereum.address.toLowerCase()) {
          throw Object.assign(new Error('The test wallet holds another account.'), { code: 4100 })
        }
        approve()
        return ethereum.signMessage({ message: isHex(data) ? { raw: data } : String(data) })
      }
      default:
        throw Object.assign(new Error(`The test wallet does not support ${method}.`), { code: 4200 })
    }
  },
  on(): void {},
  removeListener(): void {},
}
const detail = Object.freeze({
  info: Object.freeze({ uuid: crypto.randomUUID(), name: NAME, icon: ICON, rdns: RDNS }),
  provider,
})
const announce = (): void => void window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }))
window.addEventListener('eip6963:requestProvider', announce)
announce()

// Solana: a Wallet Standard wallet with standard:connect and solana:signMessage.
const account = Object.freeze({
  address: control.solanaAddress,
  publicKey: solanaPublicKey,
  chains: CHAINS,
  features: ['solana:signMessage'] as const,
})
let accounts: (typeof account)[] = []
const wallet = {
  version: '1.0.0' as const,
  name: NAME,
  icon: ICON,
  chains: CHAINS,
  get accounts() {
    return accounts
  },
  features: {
    'standard:connect': {
      version: '1.0.0',
      connect: async () => {
        accounts = [account]
        return { accounts }
      },
    },
    'standard:events': { version: '1.0.0', on: () => () => {} },
    'solana:signMessage': {
      version: '1.0.0',
      signMessage: async (...inputs: { message: Uint8Array }[]) =>
        inputs.map(({ message }) => {
          approve()
          return { signedMessage: message, signature: ed25519.sign(message, solanaSecret) }
        }),
    },
  },
}
type Register = { register(wallet: unknown): () => void }
const register = ({ register }: Register): void => void register(wallet)
window.addEventListener('wallet-standard:app-ready', (event) => register((event as CustomEvent<Register>).detail))
window.dispatchEvent(new CustomEvent('wallet-standard:register-wallet', { detail: register }))

;(window as unknown as { moonkeyTestWallet: typeof control }).moonkeyTestWallet = control
console.warn(
  `[moonkey] ${NAME} is active (Ethereum ${control.ethereumAddress}, Solana ${control.solanaAddress}). ` +
    'It is a development tool served by the MoonKey emulator; never include it in production.',
)
