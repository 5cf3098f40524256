/**
 * Several files for one student: the LMS's latest counts. "Latest" by the best evidence we have,
 * in order: an explicit time (times CSV, a `time` group, or a trusted zip time); then the `order`
 * group (Canvas attachment ids grow with every upload, so a larger id is a later file, which also
 * breaks ties when the times CSV gives one time per student); then the path, only so the choice
 * is deterministic, with a warning that it was a guess.
 */
import { compareCodePoints } from '../reports/format.ts';
import { shown } from './text.ts';
import type { TimeSource } from './types.ts';
import type { SourceFile } from './sources.ts';
import type { NameMatch } from './patterns.ts';

/** One submission file of a student, with what we know of its time. */
export interface Candidate {
  file: SourceFile;
  match: NameMatch;
  submittedAt?: string;
  timeSource: TimeSource;
}

/** Digit strings compared as numbers of any length (ids may exceed 2^53). */
function compareOrder(a: string, b: string): number {
  const [x, y] = [a.replace(/^0+/, ''), b.replace(/^0+/, '')];
  return x.length !== y.length ? x.length - y.length : compareCodePoints(x, y);
}

function compareCandidates(a: Candidate, b: Candidate): { sign: number; guessed: boolean } {
  if (a.submittedAt && b.submittedAt && a.submittedAt !== b.submittedAt) return { sign: Date.parse(a.submittedAt) - Date.parse(b.submittedAt), guessed: false };
  if (a.match.order && b.match.order && a.match.order !== b.match.order) return { sign: compareOrder(a.match.order, b.match.order), guessed: false };
  return { sign: compareCodePoints(a.file.path, b.file.path), guessed: true };
}

/** The winning candidate and the paths it beat (sorted). */
export function pickLatest(student: string, candidates: Candidate[], warnings: string[]): { winner: Candidate; ignored: string[] } {
  let winner = candidates[0];
  let guessed = false;
  for (const c of candidates.slice(1)) {
    const { sign, guessed: g } = compareCandidates(c, winner);
    guessed ||= g;
    if (sign > 0) winner = c;
  }
  const ignored = candidates.filter((c) => c !== winner).map((c) => c.file.path).sort(compareCodePoints);
  if (guessed) warnings.push(`student ${shown(student)}: ${candidates.length} files and no time or upload order to tell them apart; using ${shown(winner.file.path)}`);
  return { winner, ignored };
}

/** Groups candidates by student. */
export function byStudent(candidates: Candidate[]): Map<string, Candidate[]> {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = groups.get(c.match.student) ?? [];
    list.push(c);
    groups.set(c.match.student, list);
  }
  return groups;
}
