import { useSyncExternalStore } from 'react';

// One shared ticker for every countdown on screen, rather than a timer per row.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, 15_000);
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time, refreshed every 15 s: enough for waiting times and SLA countdowns. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, () => now);
}
