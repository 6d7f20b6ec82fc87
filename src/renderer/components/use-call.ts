import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/channels.ts';
import { bank } from '../bank.ts';

export interface CallState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Calls again (after an edit elsewhere, a retry...). */
  reload(): void;
}

/**
 * Calls a channel when the component shows and whenever `input` changes (compared as JSON);
 * an answer that arrives after a newer call started is dropped, so a fast typist sees the
 * results of what they typed last.
 */
export function useCall<N extends ChannelName>(name: N, input: ChannelInput<N> | null): CallState<ChannelOutput<N>> {
  const [state, setState] = useState<{ data?: ChannelOutput<N>; error?: unknown; loading: boolean }>({ loading: input !== null });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(input);
  const latest = useRef(0);
  useEffect(() => {
    if (input === null) return;
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    bank.invoke(name, input).then(
      (data) => call === latest.current && setState({ data, loading: false }),
      (error: unknown) => call === latest.current && setState((s) => ({ ...s, error, loading: false })),
    );
    // `key` stands for `input` (compared by value, not identity)
  }, [name, key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** A call made on a user's action, with its pending state and error. */
export function useAction<N extends ChannelName>(name: N): { run(input: ChannelInput<N>): Promise<ChannelOutput<N> | undefined>; pending: boolean; error: unknown; clear(): void } {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(
    async (input: ChannelInput<N>) => {
      setPending(true);
      setError(undefined);
      try {
        return await bank.invoke(name, input);
      } catch (e) {
        setError(e);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [name],
  );
  return { run, pending, error, clear: () => setError(undefined) };
}
