/**
 * Where the float32 matmul may use helper threads (kernels/backends/cpu/sgemm_threads.ts): in
 * plain Node yes (one per core, up to 4 in all); under Node's permission model without
 * --allow-worker, as the grader's sandbox runs student code (grader/sandbox/run-job.ts), no: the
 * kernel keeps one thread there rather than the sandbox granting workers. The threaded results
 * themselves are checked by the op suite (tests/engine/ops.test.ts, "split across helper threads").
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MODULE = join(ROOT, 'kernels/backends/cpu/wasm_sgemm.ts');
/** A child Node that prints the kernel's thread count and, once started, the threads ready. */
const probe = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e',
  `const m = await import(${JSON.stringify(MODULE)}); const g = m.wasmSgemm();
   console.log(JSON.stringify({ threads: g.threads, ready: await g.startThreads() }));`], { encoding: 'utf8' })) as { threads: number; ready: number };

describe('helper threads for the float32 matmul', () => {
  it('start in plain Node, one per core up to 4 threads in all', () => {
    const want = Math.min(availableParallelism(), 4);
    expect(probe([])).toEqual({ threads: want, ready: want });
  });

  it('stay off under the permission model without --allow-worker (the grader sandbox): one thread', () => {
    expect(probe(['--permission', `--allow-fs-read=${ROOT}`])).toEqual({ threads: 1, ready: 1 });
  });
});
