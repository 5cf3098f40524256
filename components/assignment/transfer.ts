/**
 * Download and Load submission. Both load the submission module (and its schema library) only
 * when asked, so the page's first load stays light. Loading reads the file with the grader's own
 * strict reader (src/assignments/submission.ts) and only reports: applying it is the page's job,
 * and nothing here ever runs code.
 */
import type { Submission } from '../../src/assignments/submission.ts';
import type { AssignmentMessages } from './messages.ts';

/** What the build fixed in the page: the assignment as published and the book it is part of. */
export interface PageInfo {
  id: string;
  version: number;
  hash: string;
  lang: 'zh' | 'en';
  book: { build: string; engine: string };
}

const submissionModule = () => import('../../src/assignments/submission.ts');

/** Hashing needs Web Crypto, which browsers offer only on HTTPS pages (and localhost). */
export function canHash(): boolean {
  return typeof crypto !== 'undefined' && typeof crypto.subtle?.digest === 'function';
}

/**
 * Builds the submission from the page's current code and has the browser save it.
 * @returns the file name, or a message saying why not (a source over the size limit).
 */
export async function downloadSubmission(
  info: PageInfo, courseId: string, sources: Record<string, string>,
  browser: Record<string, { passed: boolean; checkedAt?: string }>, t: AssignmentMessages,
): Promise<{ ok: true; name: string } | { ok: false; message: string }> {
  const { buildSubmission, submissionFileName, MAX_SOURCE_CHARS } = await submissionModule();
  const tooLong = Object.keys(sources).find((id) => sources[id].length > MAX_SOURCE_CHARS);
  if (tooLong) return { ok: false, message: t.tooLong(tooLong) };
  const submission = await buildSubmission({
    assignment: { id: info.id, version: info.version, hash: info.hash },
    book: info.book, courseId, language: info.lang, sources, browser,
  });
  const name = submissionFileName(info.id, courseId);
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(submission, null, 2)}\n`], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true, name };
}

export type LoadOutcome =
  | { ok: false; message: string }
  | { ok: true; submission: Submission; notes: string[] };

/** Reads a chosen file and checks it belongs to this page's assignment and version. */
export async function readSubmissionFile(file: File, info: PageInfo, t: AssignmentMessages): Promise<LoadOutcome> {
  const { readSubmission, MAX_SUBMISSION_BYTES } = await submissionModule();
  // One byte past the limit is enough for the reader to refuse a huge file without reading it all.
  const bytes = new Uint8Array(await file.slice(0, MAX_SUBMISSION_BYTES + 1).arrayBuffer());
  const result = await readSubmission(bytes);
  const refuse = (text: string): LoadOutcome => ({ ok: false, message: `${text} ${t.unchanged}` });
  if (!result.ok) {
    const reason = t.reasons[result.flags[0]] ?? result.flags[0];
    return refuse(t.loadBad(result.flags[0] === 'bad-format' ? `${reason}: ${result.message}` : reason));
  }
  const { submission } = result;
  if (submission.assignment.id !== info.id) return refuse(t.loadOther(submission.assignment.id, info.id));
  if (submission.assignment.version !== info.version) return refuse(t.loadVersion(submission.assignment.version, info.version));
  const notes: string[] = [];
  if (submission.assignment.hash !== info.hash) notes.push(t.loadChanged);
  const edited = result.flags.filter((f) => f.startsWith('source-hash-mismatch:')).map((f) => f.slice(f.indexOf(':') + 1));
  if (edited.length) notes.push(t.loadEdited(edited.join(', ')));
  return { ok: true, submission, notes };
}
