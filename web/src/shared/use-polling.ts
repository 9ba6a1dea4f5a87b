import { useEffect, useRef } from 'preact/hooks';

/**
 * Calls `load` now and then `everyMs` after each call settles (never two at once), while
 * `enabled`; stops on unmount. The latest `load` is called, so it may read the latest state.
 */
export function usePolling(load: () => Promise<void>, everyMs: number, enabled = true): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (!enabled) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        await latest.current();
      } finally {
        if (!stopped) timer = setTimeout(() => void tick(), everyMs);
      }
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [everyMs, enabled]);
}
