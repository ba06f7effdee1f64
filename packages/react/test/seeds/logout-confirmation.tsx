// Verbatim from the MoonKey docs seed `logout` (004_cc0c06b0149301e7.txt); the seed lost its indentation, re-indented here.
import { useMoonKey } from '@moon-key/react-auth';
import { useState } from 'react';
function LogoutWithConfirmation() {
  const { logout } = useMoonKey();
  const [showConfirm, setShowConfirm] = useState(false);
  const handleLogout = async () => {
    await logout();
    setShowConfirm(false);
  };
  return (
    <>
      <button onClick={() => setShowConfirm(true)}>
        Log out
      </button>
      {showConfirm && (
        <div className="modal">
          <p>Are you sure you want to log out?</p>
          <button onClick={handleLogout}>Yes, log out</button>
          <button onClick={() => setShowConfirm(false)}>Cancel</button>
        </div>
      )}
    </>
  );
}

export { LogoutWithConfirmation };
