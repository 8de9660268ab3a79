import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads something for a page and reloads it when its inputs change or when asked. */
export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const stableLoad = useCallback(load, inputs);
  useEffect(() => {
    let current = true;
    setLoading(true);
    stableLoad()
      .then((d) => current && (setData(d), setError(undefined)))
      .catch((e: Error) => current && setError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [stableLoad, round]);
  return { data, error, loading, reload: () => setRound((r) => r + 1) };
}
