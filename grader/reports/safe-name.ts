/**
 * File names for per-student feedback. LMS keys are hostile (`../../etc`, NUL, 300 characters,
 * `CON`, names differing only in case), so a name keeps only `[A-Za-z0-9._-]`, starts with a
 * letter or digit (or `_` before a Windows device name such as `CON`, reserved with any extension),
 * does not end with `.`, and is at most 80 characters before its suffix. When the key had to
 * change, a short SHA-256 of the key is appended so different keys never share a file, even on
 * case-insensitive file systems.
 */
import { createHash } from 'node:crypto';
import { compareCodePoints } from './format.ts';

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
const MAX_BASE = 80;

const hash = (key: string, length: number) => createHash('sha256').update(key, 'utf8').digest('hex').slice(0, length);

/** The safe stem for a key before collision handling, and whether it differs from the key. */
function base(key: string): { stem: string; changed: boolean } {
  let stem = key.replace(/[^A-Za-z0-9._-]/g, '_').replace(/_+/g, '_').replace(/^[._-]+/, '').replace(/\.+$/, '').slice(0, MAX_BASE);
  if (!stem) stem = 'student';
  // Windows reserves `CON` also with any extension (`con.txt.html`), so such a stem is prefixed.
  if (RESERVED.test(stem)) stem = `_${stem}`;
  return { stem, changed: stem !== key };
}

/**
 * One key's file stem (no extension).
 * @example safeFileName('12345'); // '12345'
 * @example safeFileName('../../etc'); // 'etc-' + 8 hex digits
 */
export function safeFileName(key: string, hashLength = 8): string {
  const { stem, changed } = base(key);
  return changed ? `${stem}-${hash(key, hashLength)}` : stem;
}

/**
 * File stems for a set of keys, unique even when compared case-insensitively: colliding keys get
 * longer hashes until they part (and, for keys no hash can part, their position).
 */
export function safeFileNames(keys: Iterable<string>): Map<string, string> {
  const unique = [...new Set(keys)].sort(compareCodePoints);
  const names = new Map(unique.map((k) => [k, safeFileName(k)]));
  for (let length = 12; length <= 64; length += 4) {
    const clashing = clashes(names);
    if (clashing.length === 0) return names;
    for (const k of clashing) names.set(k, `${base(k).stem}-${hash(k, length)}`);
  }
  clashes(names).forEach((k, i) => names.set(k, `${names.get(k)}-${i + 1}`));
  return names;
}

/** Keys whose stems clash case-insensitively with another key's. */
function clashes(names: Map<string, string>): string[] {
  const byLower = new Map<string, string[]>();
  for (const [key, name] of names) byLower.set(name.toLowerCase(), [...(byLower.get(name.toLowerCase()) ?? []), key]);
  return [...byLower.values()].filter((ks) => ks.length > 1).flat();
}
