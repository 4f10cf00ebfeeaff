/** The current time, refreshed on an interval, so "time left" counts down while the window is open. */
import { useEffect, useState } from 'react';

/**
 * `Date.now()`, updated every `interval` ms (30 s by default). `interval` may be a function of the
 * current value, so that a view ticks faster while something is about to happen.
 */
export function useNow(interval: number | ((now: number) => number) = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  const ms = typeof interval === 'function' ? interval(now) : interval;
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
