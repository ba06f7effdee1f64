// Verbatim from the MoonKey docs seed `logout` (004_cc0c06b0149301e7.txt); the seed lost its indentation, re-indented here.
// Fragments: the four "Best Practices" handlers, each wrapped in a hook that
// declares what the fragment assumes (logout, router, resetAppState, hasUnsavedChanges).
import { useMoonKey } from '@moon-key/react-auth';
import { useRouter } from 'next/router';

export function useAlwaysHandleErrors() {
  const { logout } = useMoonKey();
  // ---- verbatim ----
  const handleLogout = async () => {
    try {
      await logout();
      console.log('Logout successful');
    } catch (error) {
      console.error('Logout failed:', error);
      // Still clear local state and redirect
      // The session will be invalid on the server anyway
    }
  };
  // ---- end ----
  return handleLogout;
}

export function useClearLocalState(resetAppState: () => void) {
  const { logout } = useMoonKey();
  const router = useRouter();
  // ---- verbatim ----
  const handleLogout = async () => {
    await logout();
    // Clear any local storage
    localStorage.removeItem('user_preferences');
    // Reset any app state
    resetAppState();
    // Redirect
    router.push('/');
  };
  // ---- end ----
  return handleLogout;
}

export function useRedirectAfterLogout() {
  const { logout } = useMoonKey();
  const router = useRouter();
  // ---- verbatim ----
  const handleLogout = async () => {
    await logout();
    router.push('/'); // or '/login'
  };
  // ---- end ----
  return handleLogout;
}

export function useConfirmUnsaved(hasUnsavedChanges: boolean) {
  const { logout } = useMoonKey();
  const router = useRouter();
  // ---- verbatim ----
  const handleLogout = async () => {
    if (hasUnsavedChanges) {
      const confirmed = window.confirm(
        'You have unsaved changes. Are you sure you want to log out?'
      );
      if (!confirmed) return;
    }
    await logout();
    router.push('/');
  };
  // ---- end ----
  return handleLogout;
}
