import { useMemo } from 'react';
import { type Access, accessOf } from '../access.js';
import { useAuth } from '../services/auth.js';

/** What the logged-in user may see (`access.can('org.update')`); cosmetic: the server enforces every permission. */
export function useAccess(): Access {
  const { me } = useAuth();
  return useMemo(() => accessOf(me), [me]);
}
