/**
 * The collection step's vocabulary: what `collectSubmissions` returns for each student of an
 * LMS download, and the limits that keep a hostile download from exhausting memory.
 */

/** One row of the optional roster CSV (columns matched case-insensitively). */
export interface RosterRow {
  /** The LMS's key: Canvas user id, Moodle participant id, or the plain file stem. */
  student: string;
  name?: string;
  sisId?: string;
  login?: string;
  section?: string;
  email?: string;
  /**
   * The course id the student typed on the page (it drew their variant): the `identityColumn`
   * option's column, else `identity`, else `sis_id`, else `login`; undefined when all are empty.
   */
  identity?: string;
}

/** Where `submittedAt` came from. */
export type TimeSource = 'times-csv' | 'file-name' | 'zip' | 'unknown';

/** One student of the download (or of the roster), with the file that counts. */
export interface CollectedSubmission {
  /** The LMS key (row key of every report). */
  student: string;
  /** Path of the file that counts, relative to the download, '/'-separated; absent: roster only. */
  file?: string;
  /** The file's bytes; empty when `tooLarge` or unreadable; undefined when there is no file. */
  bytes?: Uint8Array;
  /** ISO 8601 (UTC), when known. */
  submittedAt?: string;
  timeSource: TimeSource;
  /** Other files of the same student that lost to the latest one (paths, sorted). */
  ignored: string[];
  roster?: RosterRow;
  /** Larger than the per-file limit: listed, never read. */
  tooLarge?: boolean;
  /** Canvas marked the upload LATE in its file name (information; the late policy decides credit). */
  lmsLate?: boolean;
  /**
   * Suggested record flags, sorted: `no-submission`, `too-large`, `duplicate-submission`,
   * `time-from-zip`, `time-unknown`, `unreadable-entry` (encrypted, corrupt or unsupported zip
   * entry), `not-on-roster`.
   */
  flags: string[];
}

/** Caps applied to every download, folder or zip. */
export interface CollectLimits {
  /** Files (zip entries) in the download; more is refused as a whole. */
  maxEntries: number;
  /** Bytes actually read or inflated across the download. */
  maxTotalBytes: number;
  /** Bytes of one file; larger files are listed with `tooLarge` and never read. */
  maxFileBytes: number;
  /** Characters of one path; longer names are refused (they also bound regex work). */
  maxPathLength: number;
}

/** Limits used unless `limits` overrides them (a class's download is far below all of them). */
export const DEFAULT_LIMITS: CollectLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 200 * 1024 * 1024,
  maxFileBytes: 2 * 1024 * 1024,
  maxPathLength: 1024,
};

/** Options of collectSubmissions. */
export interface CollectOptions {
  /** `canvas`, `moodle`, `plain`, or a regex with a named group `student` (see patterns.ts). */
  pattern?: string | RegExp;
  /** Roster CSV path. */
  roster?: string;
  /** Submission times CSV path: columns `student,submitted_at` (ISO 8601 with a zone). */
  times?: string;
  /** Roster column holding the course id students typed (default: identity, sis_id, login). */
  identityColumn?: string;
  /**
   * Take zip entry times as submission times. Default: only for plain and custom patterns,
   * because Canvas and Moodle stamp every entry with the time of the download (see patterns.ts).
   */
  zipTimes?: boolean;
  limits?: Partial<CollectLimits>;
}

/** What collectSubmissions returns. */
export interface CollectResult {
  /** Sorted by student (code-point order). */
  entries: CollectedSubmission[];
  /** Human-readable, hostile names quoted and escaped. */
  warnings: string[];
}
