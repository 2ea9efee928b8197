import { type DependencyList, type Dispatch, type SetStateAction, useCallback, useEffect, useRef, useState } from 'react';

export interface RequestState<T> {
  /** The last answer (kept while a reload is in flight); undefined before the first one. */
  data: T | undefined;
  loading: boolean;
  /** The last failure (already shown by the error policy of services/api.ts unless the call skipped it). */
  error: unknown;
  /** Runs the request again (after a save, or from a retry button). */
  reload: () => Promise<void>;
  /** Local edits of the data (optimistic updates, rows derived from it). */
  setData: Dispatch<SetStateAction<T | undefined>>;
}

/**
 * Loads data for a page: runs `fn` on mount and whenever `deps` change, keeps `{ data, loading, error }`, and
 * drops answers that arrive after a newer request started. Errors are shown by the one error policy
 * (services/api.ts), so pages do not catch them. `ready: false` waits (e.g. until a needed id is known).
 */
export function useRequest<T>(fn: () => Promise<T>, deps: DependencyList, opts: { ready?: boolean } = {}): RequestState<T> {
  const ready = opts.ready ?? true;
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(ready);
  const [error, setError] = useState<unknown>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const seq = useRef(0);
  useEffect(
    () => () => {
      seq.current += 1;
    },
    [],
  );

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const d = await fnRef.current();
      if (mine !== seq.current) return;
      setData(d);
      setError(undefined);
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the caller's deps (by value)
  useEffect(() => {
    if (!ready) {
      setLoading(false);
      return;
    }
    void reload();
  }, [reload, ready, key]);

  return { data, loading, error, reload, setData };
}
