/**
 * At most `size` sandbox processes at a time (default: one per core). Each job still gets its own
 * fresh process; the pool only limits concurrency, so one student's runaway job holds one slot
 * for at most its wall-clock limit and never touches another job.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_LIMITS, type SandboxJob, type SandboxLimits, type SandboxOutcome } from './protocol.ts';
import { runInSandbox, type RunOptions } from './run-job.ts';

export class SandboxPool {
  readonly size: number;
  #running = 0;
  #waiting: (() => void)[] = [];

  /** @param size most processes at once (at least 1). */
  constructor(size = availableParallelism()) {
    this.size = Math.max(1, Math.floor(size));
  }

  /** Runs the job when a slot is free; never rejects (see runInSandbox). */
  async run(job: SandboxJob, limits: SandboxLimits = DEFAULT_LIMITS, options?: RunOptions): Promise<SandboxOutcome> {
    // a finished job hands its slot straight to the next waiter, so a new caller cannot jump in
    if (this.#running >= this.size) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await runInSandbox(job, limits, options);
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
