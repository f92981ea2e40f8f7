import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AuthSession, AuthSnapshot } from './authSession';

export const AuthContext = createContext<AuthSession | null>(null);

export function useAuthSession(): AuthSession {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuthSession outside <AuthContext>');
  return auth;
}

export const useAuthStateOf = (auth: AuthSession): AuthSnapshot =>
  useSyncExternalStore(auth.subscribe, auth.getSnapshot);

export const useAuthState = (): AuthSnapshot => useAuthStateOf(useAuthSession());
