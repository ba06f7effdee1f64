// Verbatim from the MoonKey docs seed `logout` (004_cc0c06b0149301e7.txt); the seed lost its indentation, re-indented here.
import { useMoonKey } from '@moon-key/react-auth';
import { useState } from 'react';
function LogoutButton() {
  const { logout } = useMoonKey();
  const [isLoggingOut, setIsLoggingOut] = useState(false);
  const handleLogout = async () => {
    setIsLoggingOut(true);
    try {
      await logout();
      // Redirect or show success message
    } catch (error) {
      console.error('Logout failed:', error);
    } finally {
      setIsLoggingOut(false);
    }
  };
  return (
    <button onClick={handleLogout} disabled={isLoggingOut}>
      {isLoggingOut ? 'Logging out...' : 'Log out'}
    </button>
  );
}

export { LogoutButton };
