// Firebase Auth: app, auth, state listener, ID token, logout, email link login.
export { initializeApp } from 'firebase/app'
export { getAuth, getIdToken, onAuthStateChanged, sendSignInLinkToEmail, signInWithEmailLink, signOut } from 'firebase/auth'
