import { useEffect } from 'react';

/**
 * While a call is on, the workstation is attended: keep the sign-in from idling out (an API call
 * every two minutes). The idle timeout applies again once the call ends.
 */
export function useKeepAlive(keepAlive: () => Promise<unknown>, active: boolean) {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => void keepAlive().catch(() => null), 120_000);
    return () => window.clearInterval(timer);
  }, [keepAlive, active]);
}
