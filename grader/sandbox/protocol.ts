/**
 * What crosses the sandbox boundary. The trusted grader sends a job (code only: the cells to run
 * and the test expressions); the sandbox sends back serialised values and errors, nothing else.
 * Expected values never go in, so nothing the student's code patches inside can turn a wrong
 * value into a pass.
 */

export interface SandboxJob {
  /** Engine seed set before the first cell (manualSeed), so random inputs are the same for everyone. */
  seed: number;
  /** Run in order in one notebook scope: the variant cell (if any), then the student's code. */
  cells: { id: string; code: string }[];
  /** Test expressions, each evaluated after the cells, in the same scope. */
  /**
   * Test expressions, each evaluated after the cells, in the same scope. Before each, the engine
   * is reseeded with `seed` (default: the job's seed + position + 1), so a test draws the same
   * random numbers whichever job it runs in and whatever ran before it.
   */
  probes: { id: string; code: string; seed?: number }[];
}

/**
 * A JSON-safe value: numbers (non-finite ones as `{ $num: 'NaN' | 'Infinity' | '-Infinity' }`),
 * strings, booleans, null, arrays, plain objects (`{ $object: {...} }`), tensors
 * (`{ $tensor: { shape, data } }` with data flat, row-major) and `{ $unsupported: typeName }`.
 */
export type Serialized =
  | number | string | boolean | null
  | { $num: 'NaN' | 'Infinity' | '-Infinity' }
  | { $tensor: { shape: number[]; data: Serialized[] } }
  | { $object: Record<string, Serialized> }
  | { $unsupported: string }
  | Serialized[];

export interface SandboxResult {
  cells: { id: string; ok: boolean; error?: string }[];
  probes: { id: string; ok: boolean; value?: Serialized; error?: string }[];
  /** What the student's code printed, capped (head and tail kept). */
  stdout: string;
}

/** How a sandbox run ended, as the trusted side saw it. */
export interface SandboxOutcome {
  status: 'ok' | 'timeout' | 'memory' | 'output-limit' | 'crashed' | 'no-result';
  /** Present when status is 'ok'; validated by the trusted side before use. */
  result?: SandboxResult;
  /** A short human-readable reason (exit code, signal, limit). */
  detail: string;
  ms: number;
}

export interface SandboxLimits {
  /** Wall-clock limit for the whole job, ms. */
  wallMs: number;
  /** Memory cap, MB: V8 heap and typed arrays together (address space and resident size). */
  memoryMb: number;
  /** Most bytes the process may write to stdout/stderr. */
  outputBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { wallMs: 10_000, memoryMb: 512, outputBytes: 2 << 20 };
