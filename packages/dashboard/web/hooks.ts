/** Loading API data into a view, and keeping it current from the live feed. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from './api.js';
import type { Change } from './api-types.js';
import { onChanges } from './feed.js';

/** What a view has loaded. */
export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads with `load` when `key` changes, and again (at most every 400 ms) whenever the feed reports
 * a change `relevant` says matters. Old data stays on screen while it re-reads.
 */
export function useLoad<T>(load: () => Promise<T>, key: string, relevant: (c: Change) => boolean): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; loading: boolean }>({ loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const relevantRef = useRef(relevant);
  relevantRef.current = relevant;
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) =>
        mine === generation.current &&
        setState((s) => ({ ...s, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
  }, []);
  useEffect(() => {
    setState({ loading: true });
    reload();
  }, [key, reload]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onChanges((changes) => {
      if (!changes.some((c) => c.id === '*' || relevantRef.current(c))) return;
      timer ??= setTimeout(() => {
        timer = undefined;
        reload();
      }, 400);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [reload]);
  return { ...state, data: state.data, error: state.error, reload };
}

/** Every change concerns a view of everything. */
export const anyChange = (): boolean => true;
