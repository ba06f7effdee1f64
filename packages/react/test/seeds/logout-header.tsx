// Verbatim from the MoonKey docs seed `logout` (004_cc0c06b0149301e7.txt); the seed lost its indentation, re-indented here.
import { useMoonKey } from '@moon-key/react-auth';
import { useRouter } from 'next/router';
function Header() {
  const { ready, isAuthenticated, user, logout } = useMoonKey();
  const router = useRouter();
  const handleLogout = async () => {
    await logout();
    router.push('/');
  };
  if (!ready) {
    return <header>Loading...</header>;
  }
  return (
    <header>
      <nav>
        <a href="/">Home</a>
        {isAuthenticated ? (
          <>
            <span>Welcome, {user.email}!</span>
            <button onClick={handleLogout}>Logout</button>
          </>
        ) : (
          <a href="/login">Login</a>
        )}
      </nav>
    </header>
  );
}

export { Header };
