// Supabase Auth: GoTrueClient (getSession, signOut, signInWithOtp, verifyOtp are its methods).
export { GoTrueClient } from '@supabase/auth-js'
