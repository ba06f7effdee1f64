// Verbatim from the MoonKey docs seed `access tokens` (000_3915fc69a1f995c9.txt).
import type { MoonKey } from '@moon-key/react-auth';

// Fragment: a member signature, wrapped in an interface checked against useMoonKey().
interface Documented {
getSessionTokens: () => Promise<{ 
  sessionToken: string; 
  sessionJwt: string 
} | null>
}

export const same: Documented['getSessionTokens'] extends MoonKey['getSessionTokens'] ? true : false = true;
