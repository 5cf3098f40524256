/** Text helpers for messages that carry hostile names (file names, CSV cells). */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A hostile string made safe to print in a terminal warning: quoted, truncated to 200
 * characters, control and bidi-override characters shown as `\uXXXX` (an ESC sequence or an
 * RTL override in a file name must not rewrite the instructor's terminal).
 * @example shown('a\u202Eb'); // '"a\\u202eb"'
 */
export function shown(s: string): string {
  const cut = [...s].length > 200 ? `${[...s].slice(0, 200).join('')}…` : s;
  return `"${cut.replace(/["\\]/g, '\\$&').replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** An instant with an explicit zone, normalised to UTC ISO; undefined when not one (a zone-less time would depend on this machine's zone). */
export function isoInstant(s: string): string | undefined {
  const t = s.trim();
  if (!/(Z|[+-]\d\d:?\d\d)$/i.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
