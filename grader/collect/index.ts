/**
 * From an LMS download to (student, file, time): `collectSubmissions` lists the download (folder
 * or zip), keeps the `.json` files, maps names to students by a pattern, picks each student's
 * latest file, reads it under caps, and joins the roster. It never grades and never throws over
 * one bad file: problems become warnings and per-student flags. Output is sorted by student, so
 * the same download gives the same entries.
 */
import { compareCodePoints } from '../reports/format.ts';
import { openSource, type Source, type SourceFile } from './sources.ts';
import { choosePattern, matchName, unmatchedWarning, type NamePattern } from './patterns.ts';
import { byStudent, pickLatest, type Candidate } from './select.ts';
import { readRoster, readTimes } from './roster.ts';
import { isoInstant, shown } from './text.ts';
import { DEFAULT_LIMITS, type CollectedSubmission, type CollectLimits, type CollectOptions, type CollectResult, type RosterRow } from './types.ts';

export type { CollectedSubmission, CollectLimits, CollectOptions, CollectResult, RosterRow, TimeSource } from './types.ts';
export { DEFAULT_LIMITS } from './types.ts';
export { parseCsv, csvTable } from './csv.ts';
export { PRESETS, matchName, customPattern } from './patterns.ts';

/** Submission files are JSON; everything else in a download is reported and left alone. */
const isCandidate = (path: string) => /\.json$/i.test(path);

/** The time a candidate carries, and where from. */
function timeOf(file: SourceFile, student: string, timeGroup: string | undefined, ctx: { times?: Map<string, string>; zipTimes: boolean }, warnings: string[]): Pick<Candidate, 'submittedAt' | 'timeSource'> {
  const fromCsv = ctx.times?.get(student);
  if (fromCsv) return { submittedAt: fromCsv, timeSource: 'times-csv' };
  if (timeGroup) {
    const at = isoInstant(timeGroup);
    if (at) return { submittedAt: at, timeSource: 'file-name' };
    warnings.push(`${shown(file.path)}: time ${shown(timeGroup)} is not ISO 8601 with a zone; ignored`);
  }
  if (ctx.zipTimes && file.mtime) return { submittedAt: file.mtime, timeSource: 'zip' };
  return { timeSource: 'unknown' };
}

function candidatesOf(files: SourceFile[], pattern: NamePattern, ctx: { times?: Map<string, string>; zipTimes: boolean }, warnings: string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const file of files) {
    const match = matchName(pattern, file.path);
    if (!match) { warnings.push(unmatchedWarning(pattern, file.path)); continue; }
    out.push({ file, match, ...timeOf(file, match.student, match.time, ctx, warnings) });
  }
  return out;
}

/** Reads the winner's bytes under the per-file cap and the download's running total. */
async function readWinner(source: Source, winner: Candidate, limits: CollectLimits, budget: { left: number }, warnings: string[]): Promise<Pick<CollectedSubmission, 'bytes' | 'tooLarge'> & { flag?: string }> {
  const outcome = await source.read(winner.file, limits.maxFileBytes);
  if ('bytes' in outcome) {
    budget.left -= outcome.bytes.length;
    if (budget.left < 0) throw new Error(`download: more than ${limits.maxTotalBytes} bytes of submissions; refused as a whole`);
    return { bytes: outcome.bytes };
  }
  warnings.push(`${shown(winner.file.path)}: ${outcome.problem === 'too-large' ? 'too large' : 'unreadable'} (${outcome.why})`);
  return outcome.problem === 'too-large' ? { bytes: new Uint8Array(0), tooLarge: true, flag: 'too-large' } : { bytes: new Uint8Array(0), flag: 'unreadable-entry' };
}

function rosterOnly(row: RosterRow): CollectedSubmission {
  return { student: row.student, timeSource: 'unknown', ignored: [], roster: row, flags: ['no-submission'] };
}

interface Context {
  source: Source;
  limits: CollectLimits;
  budget: { left: number };
  roster?: Map<string, RosterRow>;
  warnings: string[];
}

/** One student with files: the latest file, read, with its flags and roster row. */
async function entryFor(student: string, list: Candidate[], ctx: Context): Promise<CollectedSubmission> {
  const { winner, ignored } = pickLatest(student, list, ctx.warnings);
  const read = await readWinner(ctx.source, winner, ctx.limits, ctx.budget, ctx.warnings);
  const row = ctx.roster?.get(student);
  if (ctx.roster && !row) ctx.warnings.push(`student ${shown(student)} has a file but is not on the roster`);
  const flags = [
    ...(read.flag ? [read.flag] : []),
    ...(ignored.length ? ['duplicate-submission'] : []),
    ...(winner.timeSource === 'zip' ? ['time-from-zip'] : []),
    ...(winner.submittedAt ? [] : ['time-unknown']),
    ...(ctx.roster && !row ? ['not-on-roster'] : []),
  ].sort();
  return {
    student, file: winner.file.path, bytes: read.bytes, timeSource: winner.timeSource, ignored, flags,
    ...(winner.submittedAt ? { submittedAt: winner.submittedAt } : {}),
    ...(read.tooLarge ? { tooLarge: true } : {}),
    ...(winner.match.late ? { lmsLate: true } : {}),
    ...(row ? { roster: row } : {}),
  };
}

/**
 * Collects one LMS download. `input` is a folder or a zip; see CollectOptions for the pattern,
 * roster, times and limits. Throws only for unusable inputs (not a folder or zip, over the
 * entry or byte caps, an unreadable roster or times file, a bad --pattern).
 */
export async function collectSubmissions(input: string, options: CollectOptions = {}): Promise<CollectResult> {
  const limits: CollectLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const warnings: string[] = [];
  const roster = options.roster ? await readRoster(options.roster, options.identityColumn) : undefined;
  const times = options.times ? await readTimes(options.times) : undefined;
  warnings.push(...(roster?.warnings ?? []), ...(times?.warnings ?? []));
  const source = await openSource(input, limits, warnings);
  try {
    const files = [...source.files].sort((a, b) => compareCodePoints(a.path, b.path));
    for (const f of files) if (!isCandidate(f.path)) warnings.push(`ignored: ${shown(f.path)} (not a .json file)`);
    const jsonFiles = files.filter((f) => isCandidate(f.path));
    const pattern = choosePattern(jsonFiles.map((f) => f.path), options.pattern, warnings);
    const zipTimes = source.kind === 'zip' && (options.zipTimes ?? pattern.zipTimes);
    const candidates = candidatesOf(jsonFiles, pattern, { times: times?.times, zipTimes }, warnings);
    const ctx: Context = { source, limits, budget: { left: limits.maxTotalBytes }, roster: roster?.rows, warnings };
    const entries: CollectedSubmission[] = [];
    for (const [student, list] of [...byStudent(candidates)].sort(([a], [b]) => compareCodePoints(a, b))) {
      entries.push(await entryFor(student, list, ctx));
    }
    const untimed = entries.filter((e) => !e.submittedAt).length;
    if (untimed && !times) warnings.push(`${untimed} submission(s) have no time; give --times (student,submitted_at) for the late policy (Canvas and Moodle zips stamp entries with the download time, so those are not used)`);
    const withFile = new Set(entries.map((e) => e.student));
    for (const row of roster?.rows.values() ?? []) if (!withFile.has(row.student)) entries.push(rosterOnly(row));
    for (const student of times?.times.keys() ?? []) if (!withFile.has(student)) warnings.push(`times: student ${shown(student)} has no file; ignored`);
    entries.sort((a, b) => compareCodePoints(a.student, b.student));
    return { entries, warnings };
  } finally {
    await source.close();
  }
}
