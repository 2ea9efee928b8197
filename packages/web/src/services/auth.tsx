import type { TMe } from '@qiangjian/shared';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, setCsrfToken } from './api.js';

interface AuthState {
  /** undefined while the first /auth/me is in flight, null when logged out. */
  me: TMe | null | undefined;
  setMe: (me: TMe | null) => void;
  refresh: () => Promise<TMe | null>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<TMe | null | undefined>(undefined);
  const setMe = useCallback((m: TMe | null) => {
    if (m?.csrfToken) setCsrfToken(m.csrfToken);
    if (!m) setCsrfToken(null);
    setMeState(m);
  }, []);
  const refresh = useCallback(async () => {
    try {
      const m = await api.get<TMe>('/auth/me', undefined, { skipErrorHandler: true });
      setMe(m);
      return m;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setMe(null);
        return null;
      }
      setMeState(null);
      throw e;
    }
  }, [setMe]);
  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', {}, { skipErrorHandler: true });
    } finally {
      setMe(null);
    }
  }, [setMe]);
  useEffect(() => {
    refresh().catch(() => undefined);
  }, [refresh]);
  const value = useMemo(() => ({ me, setMe, refresh, logout }), [me, setMe, refresh, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The logged-in user (only inside pages behind the login guard). */
export function useMe(): TMe {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a logged-in user');
  return me;
}
