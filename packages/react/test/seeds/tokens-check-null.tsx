// Verbatim from the MoonKey docs seed `access tokens` (000_3915fc69a1f995c9.txt).
import { useMoonKey } from '@moon-key/react-auth';

// Fragment: wrapped in a component that takes `getSessionTokens` from useMoonKey().
export function Fragment() {
  const { getSessionTokens } = useMoonKey();
  return async () => {
// ---- verbatim ----
const credentials = await getSessionTokens();

if (!credentials) {
  // Handle unauthenticated state
  console.error('User is not authenticated');
  return;
}

// Safe to use credentials here
const { sessionToken, sessionJwt } = credentials;
// ---- end ----
    return [sessionToken, sessionJwt];
  };
}
