/**
 * `gradbook grade-one`: grades a single submission file and writes Gradescope's results.json.
 * The Gradescope autograder bundle's run_autograder calls it with the identity Gradescope gives
 * (see grader/bundle/), so a course too large for one laptop grades on Gradescope's machines
 * with exactly this grader.
 */
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { loadAssignment } from '../load-assignment.ts';
import { gradeSubmission } from '../grade-submission.ts';
import { ReferenceCache } from '../grade-exercise.ts';
import { SandboxPool } from '../sandbox/pool.ts';
import { resultsJson } from '../reports/index.ts';
import { MAX_SUBMISSION_BYTES } from '../../src/assignments/submission.ts';

export async function gradeOneCommand(o: { assignment: string; submission: string; results: string; identity?: string }): Promise<number> {
  const loaded = await loadAssignment(o.assignment);
  const tooLarge = statSync(o.submission).size > MAX_SUBMISSION_BYTES;
  const bytes = tooLarge ? undefined : new Uint8Array(readFileSync(o.submission));
  // the identity must come from the LMS (Gradescope's metadata), never from the student's file
  if (!o.identity?.trim()) throw new Error('grade-one needs --identity: the course id the LMS knows the student by (it draws the variants)');
  const identity = o.identity.trim();
  const result = await gradeSubmission(
    { student: identity, identity, file: basename(o.submission), bytes, flags: tooLarge ? ['too-large'] : [] },
    { assignment: loaded, pool: new SandboxPool(), references: new ReferenceCache() },
  );
  mkdirSync(dirname(o.results), { recursive: true });
  writeFileSync(o.results, resultsJson(result));
  console.log(`${result.student}: ${result.total}/${result.maxTotal}${result.flags.length ? ` (${result.flags.join(', ')})` : ''}`);
  return 0;
}
