// Verbatim from the MoonKey docs seed `access tokens` (000_3915fc69a1f995c9.txt).
import { useMoonKey } from '@moon-key/react-auth';

// Fragment: wrapped in a component that takes `getSessionTokens` from useMoonKey()
// and a handler that receives `data`.
export function Fragment() {
  const { getSessionTokens } = useMoonKey();
  return async (data: unknown) => {
// ---- verbatim ----
const credentials = await getSessionTokens();

if (!credentials) {
  throw new Error('Not authenticated');
}

const response = await fetch('https://your-api.com/protected', {
  method: 'POST',
  headers: {
    'Authorization': `Bearer ${credentials.sessionJwt}`,
    'Content-Type': 'application/json'
  },
  body: JSON.stringify(data)
});
// ---- end ----
    return response;
  };
}
