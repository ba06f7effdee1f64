// Verbatim from the MoonKey docs seed `logout` (004_cc0c06b0149301e7.txt); the seed lost its indentation, re-indented here.
import { useMoonKey } from '@moon-key/react-auth';
function LogoutButton() {
  const { ready, isAuthenticated, logout } = useMoonKey();
  // Disable logout when SDK is not ready or user is not authenticated
  const disableLogout = !ready || (ready && !isAuthenticated);
  return (
    <button disabled={disableLogout} onClick={logout}>
      Log out
    </button>
  );
}

export { LogoutButton };
