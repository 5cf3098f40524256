/**
 * The submission file, `<assignment>.<course id>.gradbook.json`: what the page's Download
 * submission writes and the grader reads. It carries the student's code and hashes; the
 * browser's own pass/fail rides along as information only (the grader re-runs everything),
 * and who submitted and when is the LMS's word, never the file's.
 *
 * The grader treats a file as hostile: `readSubmission` caps its size, insists on UTF-8 and on
 * this exact shape, and reports every problem as a flag instead of throwing.
 */
import { z } from 'zod';
import { sha256Hex } from './hash.ts';

export const SUBMISSION_FORMAT = 'gradbook-submission';
export const SUBMISSION_VERSION = 1;
/** Largest file the grader reads (a real submission is a few KB). */
export const MAX_SUBMISSION_BYTES = 1 << 20;
/** Largest source of one exercise. */
export const MAX_SOURCE_CHARS = 64 * 1024;

const exerciseWork = z.object({
  /** The student's code for this exercise (TypeScript, as in the editor). */
  source: z.string().max(MAX_SOURCE_CHARS),
  /** SHA-256 of `source`; a mismatch means the file was edited by hand (flagged, still graded). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** What the browser's own check said; information only. */
  browser: z.object({ passed: z.boolean(), checkedAt: z.string().max(40).optional() }).strict().optional(),
}).strict();

export const submissionSchema = z.object({
  format: z.literal(SUBMISSION_FORMAT),
  version: z.literal(SUBMISSION_VERSION),
  assignment: z.object({
    id: z.string().max(100),
    version: z.number().int(),
    /** SHA-256 of the assignment as published (src/assignments/published.ts). */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  }).strict(),
  book: z.object({
    /** The site build the page came from (git commit). */
    build: z.string().max(100),
    /** Engine version (package.json). */
    engine: z.string().max(40),
  }).strict(),
  /** The course id the student typed; it chose the variant on the page. The grader uses the LMS's identity. */
  student: z.object({ courseId: z.string().max(200) }).strict(),
  language: z.enum(['zh', 'en']),
  /** When the file was made, by the student's clock; information only. */
  savedAt: z.string().max(40),
  exercises: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/).max(100), exerciseWork),
}).strict();

export type Submission = z.output<typeof submissionSchema>;

/** Builds a submission from the page's state (sources by exercise id). */
export async function buildSubmission(input: {
  assignment: Submission['assignment'];
  book: Submission['book'];
  courseId: string;
  language: 'zh' | 'en';
  sources: Record<string, string>;
  browser?: Record<string, { passed: boolean; checkedAt?: string }>;
  savedAt?: string;
}): Promise<Submission> {
  const exercises: Submission['exercises'] = {};
  for (const [id, source] of Object.entries(input.sources)) {
    exercises[id] = { source, sha256: await sha256Hex(source), ...(input.browser?.[id] ? { browser: input.browser[id] } : {}) };
  }
  return {
    format: SUBMISSION_FORMAT,
    version: SUBMISSION_VERSION,
    assignment: input.assignment,
    book: input.book,
    student: { courseId: input.courseId },
    language: input.language,
    savedAt: input.savedAt ?? new Date().toISOString(),
    exercises,
  };
}

/** File name the page suggests: `<assignment>.<course id>.gradbook.json` (id reduced to safe characters). */
export function submissionFileName(assignmentId: string, courseId: string): string {
  const safe = courseId.normalize('NFKC').replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 60) || 'student';
  return `${assignmentId}.${safe}.gradbook.json`;
}

export type ReadResult =
  | { ok: true; submission: Submission; flags: string[] }
  | { ok: false; flags: string[]; message: string };

/**
 * Reads untrusted bytes as a submission: size cap, strict UTF-8, JSON, exact schema, then each
 * exercise's hash. Never throws; problems come back as flags (`too-large`, `not-utf8`,
 * `not-json`, `bad-format`, `source-hash-mismatch:<id>`).
 */
export async function readSubmission(bytes: Uint8Array): Promise<ReadResult> {
  if (bytes.byteLength > MAX_SUBMISSION_BYTES) {
    return { ok: false, flags: ['too-large'], message: `file is ${bytes.byteLength} bytes; the limit is ${MAX_SUBMISSION_BYTES}` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, flags: ['not-utf8'], message: 'file is not valid UTF-8' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, flags: ['not-json'], message: `not JSON: ${(e as Error).message.slice(0, 200)}` };
  }
  const parsed = submissionSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, flags: ['bad-format'], message: `not a Gradbook submission: ${issue.path.join('.') || '(top)'}: ${issue.message}`.slice(0, 300) };
  }
  const flags: string[] = [];
  for (const [id, work] of Object.entries(parsed.data.exercises)) {
    if ((await sha256Hex(work.source)) !== work.sha256) flags.push(`source-hash-mismatch:${id}`);
  }
  return { ok: true, submission: parsed.data, flags };
}
