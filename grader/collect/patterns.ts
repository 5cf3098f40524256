/**
 * File name → student: a regex with a named group `student`, and optionally `time` (an ISO 8601
 * instant with a zone), `order` (digits; larger = uploaded later) and `late` (non-empty = the LMS
 * marked it late). Presets for the LMS bulk downloads, as their source code names the files:
 *
 * Canvas ("Download Submissions", instructure/canvas-lms lib/content_zipper.rb, get_filename and
 * add_upload_submission): `<sortable name, lower-cased, non-word characters removed>[_LATE]_
 * <user id>_<attachment id>_<original file name>`, e.g. `doejane_12345_678901_a1.json`; with
 * anonymous grading the name is left out and the id is `anon_<anonymous id>`. The name never holds
 * `_<digits>_` (sanitize_user_name strips it, precisely so the ids can be parsed back). Attachment
 * ids grow with every upload, so a larger one is a later file.
 *
 * Moodle ("Download all submissions", moodle/moodle mod/assign/classes/downloader.php,
 * get_student_prefix and load_submissionplugin_filelist): with "download submissions in folders"
 * (the default since 3.1) `<Full Name>_<participant id>_assignsubmission_file/<file>` (before 4.x the
 * folder ended in `_assignsubmission_file_`), otherwise flat
 * `<Full Name>_<participant id>_assignsubmission_file_<file>`. Underscores in names become spaces.
 * The participant id is per assignment (also in the grading worksheet as "Participant 123456").
 *
 * Neither LMS stamps zip entries with the submission time: rubyzip's get_output_stream and
 * Moodle's zip_writer (add_file_from_stored_file without a `time` option) both use the time of the
 * download, so zip times are only trusted for plain and custom patterns (types.ts `zipTimes`).
 */
import { shown } from './text.ts';

/** A file-name pattern and how to apply it. */
export interface NamePattern {
  name: 'canvas' | 'moodle' | 'plain' | 'custom';
  regex: RegExp;
  /** Match the file name only, or the whole '/'-separated path (Moodle folders, custom patterns). */
  on: 'basename' | 'path';
  /** Whether zip entry times may stand for submission times. */
  zipTimes: boolean;
}

/** What a pattern read from one path. */
export interface NameMatch {
  student: string;
  time?: string;
  order?: string;
  late: boolean;
}

/** The built-in patterns, by the name `--pattern` takes. */
export const PRESETS: Record<'canvas' | 'moodle' | 'plain', NamePattern> = {
  canvas: {
    name: 'canvas',
    regex: /^(?:(?<name>[^/]*?)_)??(?:(?<late>LATE)_)?(?<student>\d+|anon_[A-Za-z0-9]+)_(?<order>\d+)_(?<original>[^/]+)$/,
    on: 'basename',
    zipTimes: false,
  },
  moodle: {
    name: 'moodle',
    regex: /^(?:[^/]*\/)*?(?<name>[^/]*?)_(?<student>\d+)_{1,2}assignsubmission_file(?:_?\/(?:[^/]+\/)*|_)(?<original>[^/]+)$/,
    on: 'path',
    zipTimes: false,
  },
  plain: {
    name: 'plain',
    regex: /^(?<student>[^/]+?)(?:\.gradbook)?\.json$/,
    on: 'basename',
    zipTimes: true,
  },
};

/** The pattern the instructor asked for: a preset name or a regex (string or RegExp). */
export function customPattern(pattern: string | RegExp): NamePattern {
  if (typeof pattern === 'string' && pattern in PRESETS) return PRESETS[pattern as keyof typeof PRESETS];
  let regex: RegExp;
  try {
    regex = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  } catch (e) {
    throw new Error(`--pattern: not a regular expression: ${(e as Error).message}`);
  }
  if (!/\(\?<student>/.test(regex.source)) throw new Error('--pattern: the regex needs a named group (?<student>…)');
  // A global or sticky regex keeps state between calls; matching must not depend on call order.
  return { name: 'custom', regex: new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')), on: 'path', zipTimes: true };
}

/** Matches one path; undefined when the pattern does not apply or gives an empty student. */
export function matchName(pattern: NamePattern, path: string): NameMatch | undefined {
  const subject = pattern.on === 'basename' ? path.slice(path.lastIndexOf('/') + 1) : path;
  const groups = pattern.regex.exec(subject)?.groups;
  const student = groups?.student?.trim();
  if (!groups || !student) return undefined;
  return {
    student,
    ...(groups.time ? { time: groups.time } : {}),
    ...(groups.order ? { order: groups.order } : {}),
    late: Boolean(groups.late),
  };
}

/**
 * The pattern for a download when none is given: Canvas or Moodle, whichever names more of the
 * candidate files (Canvas on a tie); plain only when neither names any. Deciding once per
 * download keeps one odd file from being read under another LMS's rules.
 */
export function choosePattern(paths: string[], requested: string | RegExp | undefined, warnings: string[]): NamePattern {
  if (requested !== undefined) return customPattern(requested);
  const count = (p: NamePattern) => paths.filter((path) => matchName(p, path)).length;
  const [canvas, moodle] = [count(PRESETS.canvas), count(PRESETS.moodle)];
  const chosen = canvas === 0 && moodle === 0 ? PRESETS.plain : canvas >= moodle ? PRESETS.canvas : PRESETS.moodle;
  if (paths.length) warnings.push(`file names read as ${chosen.name} (${count(chosen)} of ${paths.length} files match); use --pattern to choose`);
  return chosen;
}

/** A warning line for a file the pattern cannot map. */
export function unmatchedWarning(pattern: NamePattern, path: string): string {
  return `ignored: ${shown(path)} (its name does not match the ${pattern.name} pattern)`;
}
