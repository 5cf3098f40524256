/**
 * The instructor's side files: the roster (who is in the course, their names and the course id
 * they typed on the page) and the submission times (the LMS's word on when, when the download
 * does not carry it).
 */
import { readCsvFile, headerKey } from './csv.ts';
import { isoInstant, shown } from './text.ts';
import type { RosterRow } from './types.ts';

/** Other spellings of our columns, as Canvas and Moodle exports write them. */
const ALIASES: Record<string, string> = {
  sis_user_id: 'sis_id',
  sis_login_id: 'login',
  email_address: 'email',
  id_number: 'sis_id',
};

/**
 * The LMS key as the roster may spell it: trimmed, and Moodle's grading worksheet
 * `Participant 123456` reduced to the participant id its download folders carry.
 */
export function rosterKey(cell: string): string {
  const t = cell.trim();
  return /^participant\s+\d+$/i.test(t) ? t.replace(/^\D+/, '') : t;
}

function canonical(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(record)) {
    const name = ALIASES[key] ?? key;
    if (!(name in out) || !out[name]) out[name] = value;
  }
  return out;
}

/** A column name as `canonical` keys it. */
const columnKey = (name: string) => ALIASES[headerKey(name)] ?? headerKey(name);

/** The identity: the instructor's explicit column first, then `identity`, `sis_id`, `login`. */
function identityOf(r: Record<string, string>, identityKey: string | undefined): string | undefined {
  for (const key of [identityKey, 'identity', 'sis_id', 'login']) if (key && r[key]) return r[key];
  return undefined;
}

/**
 * Reads the roster CSV. Needs a `student` column; `name`, `sis_id`, `login`, `section`, `email`,
 * `identity` are optional. Duplicate or empty keys are warned about (first row wins).
 */
export async function readRoster(path: string, identityColumn?: string): Promise<{ rows: Map<string, RosterRow>; warnings: string[] }> {
  const table = await readCsvFile(path);
  const columns = table.columns.map((c) => ALIASES[c] ?? c);
  const identityKey = identityColumn === undefined ? undefined : columnKey(identityColumn);
  if (!columns.includes('student')) throw new Error(`${path}: the roster needs a "student" column (the LMS key); found ${table.columns.join(', ') || 'no header'}`);
  if (identityKey !== undefined && !columns.includes(identityKey)) throw new Error(`${path}: no column ${shown(identityColumn!)} for the identity`);
  const rows = new Map<string, RosterRow>();
  const warnings: string[] = [];
  table.records.forEach((raw, i) => {
    const r = canonical(raw);
    const student = rosterKey(r.student ?? '');
    if (!student) return void warnings.push(`roster row ${i + 2}: no student key; skipped`);
    if (rows.has(student)) return void warnings.push(`roster: student ${shown(student)} is listed twice; the first row counts`);
    const row: RosterRow = { student };
    if (r.name) row.name = r.name;
    if (r.sis_id) row.sisId = r.sis_id;
    if (r.login) row.login = r.login;
    if (r.section) row.section = r.section;
    if (r.email) row.email = r.email;
    const identity = identityOf(r, identityKey);
    if (identity) row.identity = identity;
    rows.set(student, row);
  });
  return { rows, warnings };
}

/** Reads the times CSV (`student,submitted_at`); times need a zone (`Z` or `+08:00`) and come back as UTC ISO. */
export async function readTimes(path: string): Promise<{ times: Map<string, string>; warnings: string[] }> {
  const table = await readCsvFile(path);
  if (!table.columns.includes('student') || !table.columns.includes('submitted_at')) {
    throw new Error(`${path}: the times file needs columns "student" and "submitted_at"`);
  }
  const times = new Map<string, string>();
  const warnings: string[] = [];
  table.records.forEach((r, i) => {
    const student = rosterKey(r.student ?? '');
    const at = isoInstant(r.submitted_at ?? '');
    if (!student) return;
    if (!at) return void warnings.push(`times row ${i + 2}: ${shown(r.submitted_at ?? '')} is not an ISO 8601 time with a zone; ignored`);
    if (times.has(student)) return void warnings.push(`times: student ${shown(student)} is listed twice; the first row counts`);
    times.set(student, at);
  });
  return { times, warnings };
}
