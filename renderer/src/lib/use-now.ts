/** The current time, refreshed on an interval, so "time left" counts down while the window is open. */
import { useEffect, useState } from 'react';

/** `Date.now()`, updated every `intervalMs` (30 s by default). */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
