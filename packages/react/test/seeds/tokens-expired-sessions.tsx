// Verbatim from the MoonKey docs seed `access tokens` (000_3915fc69a1f995c9.txt).
import { useMoonKey } from '@moon-key/react-auth';

// Fragment: wrapped in a component that takes `getSessionTokens` and `start` from useMoonKey().
export function Fragment() {
  const { getSessionTokens, start } = useMoonKey();
// ---- verbatim ----
const fetchData = async () => {
  const credentials = await getSessionTokens();
  
  if (!credentials) {
    throw new Error('Not authenticated');
  }

  const response = await fetch('https://your-api.com/data', {
    headers: {
      'Authorization': `Bearer ${credentials.sessionToken}`
    }
  });

  if (response.status === 401) {
    // Session expired - redirect to login or refresh
    console.error('Session expired');
    // Optionally trigger re-authentication
    start();
    return;
  }

  return response.json();
};
// ---- end ----
  return fetchData;
}
