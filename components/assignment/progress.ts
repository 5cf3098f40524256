/**
 * The browser's own check results on an assignment page. A result is kept with the SHA-256 of
 * the code it was obtained on, so it counts only while that code is unchanged: an edit after a
 * pass, or work loaded from a file, is "not checked" again. Information only; grading re-runs.
 */
import { sha256Hex } from '../../src/assignments/hash.ts';

export interface PassRecord {
  passed: boolean;
  checkedAt: string;
  /** SHA-256 of the starter cell's code that was checked. */
  sha256: string;
}

const key = (assignment: string, exercise: string) => `gradbook:assignment:v1:${assignment}:pass:${exercise}`;

/** The stored result of an exercise's last check on this page, if any. */
export function readPass(assignment: string, exercise: string): PassRecord | null {
  try {
    const value = JSON.parse(localStorage.getItem(key(assignment, exercise)) ?? 'null') as PassRecord | null;
    return value && typeof value.passed === 'boolean' && typeof value.sha256 === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Remembers a check's outcome for `code`. */
export async function writePass(assignment: string, exercise: string, passed: boolean, code: string): Promise<void> {
  const record: PassRecord = { passed, checkedAt: new Date().toISOString(), sha256: await sha256Hex(code) };
  try {
    localStorage.setItem(key(assignment, exercise), JSON.stringify(record));
  } catch {
    // storage full or off: the result lasts until the next check
  }
}

/**
 * The results that still hold for the current code of each exercise (by id); exercises never
 * checked, or edited since, are left out.
 */
export async function currentResults(assignment: string, codes: Record<string, string>): Promise<Record<string, { passed: boolean; checkedAt: string }>> {
  const out: Record<string, { passed: boolean; checkedAt: string }> = {};
  for (const [id, code] of Object.entries(codes)) {
    const record = readPass(assignment, id);
    if (record && record.sha256 === (await sha256Hex(code))) out[id] = { passed: record.passed, checkedAt: record.checkedAt };
  }
  return out;
}
