/**
 * How run-job.ts and child.ts talk, below the SandboxJob/SandboxResult contract: the parent
 * writes one ChildInput as JSON to the child's stdin; the child writes one SandboxResult as one
 * JSON line to file descriptor RESULT_FD, a pipe only the sandbox's own code holds (student code
 * has no `fs` and no `process`). So nothing the student prints can forge or displace the result,
 * and stdout/stderr carry only the student's output, which the parent counts against the limit.
 */
import type { SandboxJob } from './protocol.ts';

export interface ChildInput {
  job: SandboxJob;
  /** Characters of console output kept for feedback (half from the start, half from the end). */
  stdoutChars: number;
  /** The parent's output limit: the child never writes more than one character past it, so a
   * huge line costs the child no memory and always ends as 'output-limit' (not a race with the heap). */
  outputBytes: number;
  /** Random per job; the child starts its result line with it, the parent accepts no other line. */
  nonce: string;
}

/** The child's result channel (stdio[3]). */
export const RESULT_FD = 3;

/** Characters of console output kept by default (head + tail). */
export const DEFAULT_STDOUT_CHARS = 16_384;
