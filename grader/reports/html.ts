/**
 * Text that came from a student (their code's output, error messages, file names) is hostile in
 * HTML: it is escaped (including quotes, for attributes), control characters are dropped, bidi
 * overrides (U+202E and friends, which can make text read backwards) are shown as visible
 * `<U+202E>` marks, and very long output is cut.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five HTML-significant characters. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Cuts to at most `max` UTF-16 units, saying how much was left out (never splits a surrogate pair). */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s[max - 1] ?? '') ? max - 1 : max;
  return `${s.slice(0, end)}\n… (${s.length - end} more characters not shown)`;
}

/** Hostile text ready for JSON or plain-text display: controls dropped, bidi controls made visible, length capped. */
export function plainText(s: string, max: number): string {
  return truncate(s.replace(/\r\n?/g, '\n'), max)
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROLS, '')
    .replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** Hostile text ready for an HTML text node or attribute. */
export function safeHtml(s: string, max: number): string {
  return escapeHtml(plainText(s, max));
}
