/**
 * "The engine fell back to the cpu backend" events (no WebGL2, or the context was lost), kept
 * apart from the backend itself so a page can listen without loading gpu.js (see register.ts).
 */

/** Why the webgl backend stopped or never started; shown by the UI. */
export interface WebglFallback { reason: 'unavailable' | 'context-lost'; message: string }

type Listener = (event: WebglFallback) => void;
const listeners = new Set<Listener>();
let lastFallback: WebglFallback | null = null;

/**
 * Subscribe to fallback events. Returns an unsubscribe function. A listener added after the event
 * gets it at once.
 * @example onWebglFallback((e) => banner.show(e.message));
 */
export function onWebglFallback(listener: Listener): () => void {
  listeners.add(listener);
  if (lastFallback) listener(lastFallback);
  return () => listeners.delete(listener);
}

export function reportFallback(event: WebglFallback): void {
  lastFallback = event;
  for (const l of listeners) l(event);
}

/** Told to the reader when a browser has no usable WebGL2. */
export const UNAVAILABLE_MESSAGE = 'WebGL2 is not available in this browser: the engine runs on the cpu backend.';
