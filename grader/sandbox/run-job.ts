/**
 * Runs one SandboxJob in a fresh, locked-down Node process and reports how it ended. The
 * trusted side of the boundary: it never throws, whatever the child does (loops, allocates,
 * prints, crashes, exits early, writes garbage), it always resolves a SandboxOutcome.
 *
 * The child process:
 *   sh -c 'ulimit -v <KB>; exec "$@"'  [unshare -rn]  node --permission --allow-fs-read=<bundle>
 *      --max-old-space-size=<memoryMb> <bundle>
 * with an empty environment (no NODE_OPTIONS, no secrets), cwd `/`, the job on stdin, the result
 * on fd 3 (wire.ts). Layers, each explained in README.md:
 * - `--permission`: no file reads but the bundle, no writes, no child processes, no workers, no
 *   addons, no WASI, no inspector. (`--disallow-code-generation-from-strings` is not possible:
 *   every cell is compiled with `new AsyncFunction(...)`, exactly as on the site.)
 * - child.ts removes `process`, the network globals and dynamic `import()` before student code.
 * - `--max-old-space-size`: the V8 heap; `ulimit -v`: address space, so ArrayBuffers fail to
 *   allocate past it; the VmRSS poll here: SIGKILL above memoryMb → 'memory'.
 * - `unshare -rn` when available: no network at all → connect() fails.
 * - wall clock: SIGKILL at limits.wallMs → 'timeout' (plus `ulimit -t`, in case the grader dies);
 *   output: SIGKILL past outputBytes → 'output-limit'; `ulimit -f 0`: no file can grow.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_LIMITS, type SandboxJob, type SandboxLimits, type SandboxOutcome } from './protocol.ts';
import { sandboxBundle } from './bundle.ts';
import { networkNamespaceTool, residentMb, wrapCommand } from './os-layers.ts';
import { validateResult } from './validate.ts';
import { DEFAULT_STDOUT_CHARS, RESULT_FD, type ChildInput } from './wire.ts';

/** How often the child's resident size is read, ms. */
export const RSS_POLL_MS = 50;
/** Largest result line accepted on fd 3 (1e6 numbers as JSON are ~20 MB). */
export const MAX_RESULT_BYTES = 64 << 20;
/** stderr kept to recognise V8's out-of-memory report. */
const STDERR_TAIL = 4096;
const OOM = /heap out of memory|Reached heap limit|Fatal process out of memory|Fatal JavaScript out of memory|Array buffer allocation failed|allocation failed - process out of memory/i;

export interface RunOptions {
  /** Characters of console output kept for feedback (head + tail). */
  stdoutChars?: number;
}

/** The layers active on this machine (for the run's records and the README's table). */
export function activeLayers(): string[] {
  const layers = ['permission-model', 'js-environment', 'heap-limit', 'wall-clock', 'output-limit'];
  if (process.platform === 'linux') layers.push('rss-poll');
  return [...layers, ...wrapCommand({ node: process.execPath, bundle: '/bundle/x.mjs', nodeArgs: () => [], memoryMb: 512 }).layers];
}

/** Runs `job` in a sandbox process under `limits`; never rejects. */
export async function runInSandbox(job: SandboxJob, limits: SandboxLimits = DEFAULT_LIMITS, options: RunOptions = {}): Promise<SandboxOutcome> {
  const start = performance.now();
  const ms = () => Math.round(performance.now() - start);
  let bundle: string;
  try {
    bundle = await sandboxBundle();
  } catch (e) {
    return { status: 'crashed', detail: `could not build the sandbox bundle: ${String((e as Error)?.message ?? e)}`, ms: ms() };
  }
  const nonce = randomBytes(16).toString('hex');
  const input: ChildInput = { job, stdoutChars: options.stdoutChars ?? DEFAULT_STDOUT_CHARS, outputBytes: limits.outputBytes, nonce };
  const memoryMb = Math.max(16, Math.floor(limits.memoryMb));
  const nodeArgs = (path: string) => [
    // same random numbers on every run: Math.random() must not make grades differ between runs
    '--random-seed=1',
    '--permission', `--allow-fs-read=${path}`,
    `--max-old-space-size=${memoryMb}`,
    path,
  ];
  const cmd = wrapCommand({ node: process.execPath, bundle, nodeArgs, memoryMb, wallMs: limits.wallMs });

  return new Promise<SandboxOutcome>((resolve) => {
    let settled = false;
    let killedFor: { status: SandboxOutcome['status']; detail: string } | undefined;
    let outputBytes = 0;
    let stderrTail = '';
    const resultChunks: Buffer[] = [];
    let resultBytes = 0;
    const timers: NodeJS.Timeout[] = [];

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(cmd.file, cmd.args, { env: {}, cwd: '/', stdio: ['pipe', 'pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (e) {
      resolve({ status: 'crashed', detail: `could not start the sandbox: ${String((e as Error)?.message ?? e)}`, ms: ms() });
      return;
    }
    const layers = ['permission-model', ...cmd.layers, ...(process.platform === 'linux' ? ['rss-poll'] : [])].join(', ');

    const done = (outcome: SandboxOutcome) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      resolve(outcome);
    };
    const kill = (status: SandboxOutcome['status'], detail: string) => {
      if (killedFor) return;
      killedFor = { status, detail };
      try { child.kill('SIGKILL'); } catch { /* already gone */ }
      // the 'close' event normally follows; never wait forever for it
      timers.push(setTimeout(() => done({ status, detail: `${detail} (the process did not close)`, ms: ms() }), 5000));
    };

    child.on('error', (e) => {
      if (!killedFor) done({ status: 'crashed', detail: `could not start the sandbox: ${e.message}`, ms: ms() });
    });

    const countOutput = (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (outputBytes > limits.outputBytes) kill('output-limit', `printed more than ${limits.outputBytes} bytes`);
    };
    (child.stdout as Readable).on('data', countOutput);
    (child.stderr as Readable).on('data', (chunk: Buffer) => {
      countOutput(chunk);
      stderrTail = (stderrTail + chunk.toString('latin1')).slice(-STDERR_TAIL);
    });
    const resultPipe = child.stdio[RESULT_FD] as Readable;
    resultPipe.on('data', (chunk: Buffer) => {
      resultBytes += chunk.length;
      if (resultBytes > MAX_RESULT_BYTES) kill('output-limit', `returned more than ${MAX_RESULT_BYTES} bytes of values`);
      else resultChunks.push(chunk);
    });
    for (const s of [child.stdin, child.stdout, child.stderr, resultPipe]) (s as Readable | Writable | null)?.on('error', () => {});

    timers.push(setTimeout(() => kill('timeout', `ran longer than ${limits.wallMs} ms`), limits.wallMs));
    const poll = setInterval(() => {
      const rss = child.pid === undefined ? undefined : residentMb(child.pid);
      if (rss !== undefined && rss > memoryMb) kill('memory', `used more than ${memoryMb} MB of memory`);
    }, RSS_POLL_MS);
    timers.push(poll);

    child.on('close', (code, signal) => {
      clearInterval(poll);
      if (killedFor) {
        done({ status: killedFor.status, detail: `${killedFor.detail}; layers: ${layers}`, ms: ms() });
        return;
      }
      const exit = signal ? `signal ${signal}` : `exit code ${code}`;
      const text = Buffer.concat(resultChunks).toString('utf8');
      const line = text.split('\n').find((l) => l.startsWith(`${nonce} `))?.slice(nonce.length + 1);
      if (line) {
        let raw: unknown;
        let problem: string | undefined;
        try {
          raw = JSON.parse(line);
        } catch {
          problem = 'the result is not valid JSON';
        }
        if (!problem) {
          const checked = validateResult(raw, job);
          if (typeof checked !== 'string') {
            done({ status: 'ok', result: checked, detail: `${exit}; layers: ${layers}`, ms: ms() });
            return;
          }
          problem = checked;
        }
        done({ status: 'crashed', detail: `invalid result (${problem}); ${exit}`, ms: ms() });
        return;
      }
      // inside bubblewrap the child's death by SIGXCPU (24) arrives as exit code 128 + 24
      if (signal === 'SIGXCPU' || code === 152) done({ status: 'timeout', detail: `CPU-time limit (${exit}); layers: ${layers}`, ms: ms() });
      else if (OOM.test(stderrTail)) done({ status: 'memory', detail: `out of memory (${exit}); layers: ${layers}`, ms: ms() });
      else if (code === 0) done({ status: 'no-result', detail: `the process ended without a result (${exit})`, ms: ms() });
      else done({ status: 'crashed', detail: `the process ended without a result (${exit}): ${lastLine(stderrTail)}`, ms: ms() });
    });

    try {
      (child.stdin as Writable).end(JSON.stringify(input));
    } catch {
      /* the child died before reading: 'close' reports it */
    }
  });
}

/** Last non-empty stderr line, shortened (for a crash's detail). */
function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? '').slice(0, 200);
}
