// Verbatim from the MoonKey docs seed `logout` (004_cc0c06b0149301e7.txt); the seed lost its indentation, re-indented here.
import { useMoonKey } from '@moon-key/react-auth';
import { useRouter } from 'next/router';
function LogoutButton() {
  const { logout } = useMoonKey();
  const router = useRouter();
  const handleLogout = async () => {
    await logout();
    // Redirect to home page or login page
    router.push('/login');
  };
  return (
    <button onClick={handleLogout}>
      Log out
    </button>
  );
}

export { LogoutButton };
