/**
 * When the API last served this tab: every request extends the server's idle timer, so the idle
 * warning counts from here.
 */
let last = Date.now();
const listeners = new Set<() => void>();

export function markActivity() {
  last = Date.now();
  for (const listener of listeners) listener();
}

export function lastActivity() {
  return last;
}

export function onActivity(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
