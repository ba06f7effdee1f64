// Verbatim from the MoonKey docs seed `logout` (004_cc0c06b0149301e7.txt); the seed lost its indentation, re-indented here.
import { useMoonKey } from '@moon-key/react-auth';
import { useRouter } from 'next/router';
function LogoutButton() {
  const { logout } = useMoonKey();
  const router = useRouter();
  const handleLogout = async () => {
    try {
      await logout();
      // Perform actions after logout completes
      console.log('User logged out successfully');
      router.push('/');
    } catch (error) {
      console.error('Logout failed:', error);
    }
  };
  return (
    <button onClick={handleLogout}>
      Log out
    </button>
  );
}

export { LogoutButton };
