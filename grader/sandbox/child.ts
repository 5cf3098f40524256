/**
 * The sandbox process (bundled by bundle.ts into one .mjs; run by run-job.ts under the
 * permission model with an empty environment). Reads one ChildInput from stdin, runs the cells
 * in one notebook scope on the float32 CPU backend, evaluates each probe, serialises each value
 * at once, and writes one SandboxResult line to RESULT_FD. Nothing here is trusted by the
 * grader: the result is checked by run-job.ts and judged elsewhere against values that never
 * enter this process.
 *
 * Order matters: everything the child itself needs (fs functions, exit, JSON, the serializer's
 * intrinsics, the probes' compiled code) is captured BEFORE `harden()` and before the first
 * student cell, so patched globals can only corrupt the student's own values.
 */
import { readFileSync, writeSync } from 'node:fs';
import { types } from 'node:util';
import * as engine from '../../kernels/index.ts';
import { CellScope, locateError } from '../../src/cells/scope.ts';
import { compileCell, CellSyntaxError, ENGINE_PARAM, type CompiledCell } from '../../src/cells/transpile.ts';
import { createHelpers } from '../../src/cells/helpers.ts';
import type { SandboxResult } from './protocol.ts';
import { arrayWriter, createSerializer, encodeJson } from './serialize.ts';
import { harden, installImportLock } from './harden.ts';
import { RESULT_FD, type ChildInput } from './wire.ts';

installImportLock();

// ---- captured before any student code ----
const realProcess = process;
const exit = process.exit.bind(process);
const { apply, construct } = Reflect;
const { keys } = Object;
const { isNativeError } = types;
const jsonStringify = JSON.stringify;
const jsonParse = JSON.parse;
const StringCtor = String;
const stringSlice = String.prototype.slice;
const max = Math.max;
const setHas = Set.prototype.has;
const PromiseCtor = Promise;
const promiseThen = Promise.prototype.then;
const setImmediateRef = setImmediate;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
const setBackend = engine.setBackend;
const manualSeed = engine.manualSeed;
const serialize = createSerializer(engine.Tensor as never);

const slice = (s: string, a: number, b?: number) => apply(stringSlice, s, b === undefined ? [a] : [a, b]) as string;
const cap = (s: string, n = 2000) => (s.length > n ? slice(s, 0, n) + '…' : s);

/** Console output: everything passes through to fd 1 (the parent counts it against the output
 * limit); the head and tail of what the cells print are kept for feedback. Probe-time output is
 * not kept: it could carry a hidden test's inputs. */
class Captured {
  head = '';
  tail = '';
  dropped = 0;
  keeping = true;
  /** Characters the pipe may still take: one past the parent's limit, which then kills us. */
  pipeRoom: number;
  readonly headChars: number;
  readonly tailChars: number;
  constructor(headChars: number, tailChars: number, outputBytes: number) {
    this.headChars = headChars;
    this.tailChars = tailChars;
    this.pipeRoom = outputBytes + 1;
  }

  write(text: unknown): void {
    if (typeof text !== 'string') return;
    if (this.pipeRoom > 0) {
      // a UTF-8 byte count is at least the character count, so pipeRoom characters suffice
      const part = text.length > this.pipeRoom ? slice(text, 0, this.pipeRoom) : text;
      this.pipeRoom -= part.length;
      try { writeSync(1, part); } catch { /* the parent closed the pipe: it is killing us */ }
    }
    if (!this.keeping) return;
    const room = this.headChars - this.head.length;
    if (room > 0) {
      this.head += slice(text, 0, room);
      text = slice(text, room);
    }
    const rest = text as string;
    if (!rest.length) return;
    const joined = this.tail + (rest.length > this.tailChars ? slice(rest, rest.length - this.tailChars) : rest);
    this.dropped += max(0, joined.length - this.tailChars) + max(0, rest.length - this.tailChars);
    this.tail = joined.length > this.tailChars ? slice(joined, joined.length - this.tailChars) : joined;
  }

  text(): string {
    return this.dropped ? `${this.head}\n… (${this.dropped} characters left out) …\n${this.tail}` : this.head + this.tail;
  }
}

/** An error (or any thrown value) as one short line; student getters may throw, so guarded. */
function describeError(e: unknown): string {
  try {
    if (e instanceof CellSyntaxError) return cap(`SyntaxError: ${e.message} (line ${e.line}, column ${e.column})`);
    let where = '';
    try {
      const loc = locateError(e);
      // a position in the student's own code needs no cell name; one in a test expression says so
      const cell = loc?.cellId === 'submission' ? '' : /^t\d+$/.test(loc?.cellId ?? '') ? 'in the test, ' : `${loc?.cellId}, `;
      if (loc) where = ` (${cell}line ${loc.line}, column ${loc.column})`;
    } catch { /* a stack getter or Error.prepareStackTrace threw */ }
    if (isNativeError(e)) {
      let name = 'Error';
      let message = '';
      try { name = StringCtor((e as Error).name); } catch { /* getter threw */ }
      try { message = StringCtor((e as Error).message); } catch { /* getter threw */ }
      return cap(`${name}: ${message}${where}`);
    }
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return cap(`Uncaught ${typeof e === 'string' ? jsonStringify(e) : StringCtor(e)}${where}`);
    try {
      return cap(`Uncaught ${StringCtor(e)}${where}`);
    } catch {
      return `Uncaught ${typeof e === 'object' ? 'an object' : 'a function'} that cannot be converted to text${where}`;
    }
  } catch {
    return 'Uncaught a value that cannot be shown';
  }
}

interface PreparedProbe {
  id: string;
  compiled?: CompiledCell;
  mentioned?: Set<string>;
  error?: string;
}

/** Compiles a probe now, before student code can patch the string and array methods the
 * compiler uses (a patched method would see the hidden test's code). */
function prepareProbe(id: string, code: string): PreparedProbe {
  try {
    const compiled = compileCell(code);
    return { id, compiled, mentioned: new Set(compiled.body.match(/[A-Za-z_$][\w$]*/g)) };
  } catch (e) {
    return { id, error: describeError(e) };
  }
}

/** Runs a compiled probe in the scope, like CellScope.run but with captured intrinsics only. */
async function runProbe(p: PreparedProbe, scope: CellScope): Promise<unknown> {
  const compiled = p.compiled!;
  const put = arrayWriter();
  const names = keys(scope.values);
  const params: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (n !== ENGINE_PARAM && apply(setHas, p.mentioned!, [n])) put(params, params.length, n);
  }
  let writeBack = '';
  for (let i = 0; i < params.length; i++) writeBack += `__scope[${jsonStringify(params[i])}] = ${params[i]}; `;
  // strict: a student function called from here sees null for `.caller`, and stack-trace hooks
  // get no function object, so neither can read a hidden test's source
  const body = `'use strict';\n${compiled.body}\n;${writeBack}return ${compiled.hasValue ? '__v' : 'undefined'};\n//# sourceURL=gradbook-cell/${p.id}.js`;
  const ctorArgs: string[] = ['__scope', ENGINE_PARAM];
  const callArgs: unknown[] = [scope.values, engine];
  for (let i = 0; i < params.length; i++) {
    put(ctorArgs, ctorArgs.length, params[i]);
    put(callArgs, callArgs.length, scope.values[params[i]]);
  }
  put(ctorArgs, ctorArgs.length, body);
  const fn = construct(AsyncFunction, ctorArgs) as (...a: unknown[]) => Promise<unknown>;
  return await apply(fn, undefined, callArgs);
}

/** The engine's exports as scope names, as the site's session does. */
function engineNames(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(engine)) if (/^[A-Za-z_$][\w$]*$/.test(name)) out[name] = value;
  return out;
}

/** What a cell or probe that awaits a promise that can never settle is reported as. */
const NEVER = Object.freeze({});
const NEVER_TEXT = 'never finished: it awaits a promise that can never settle';

/**
 * The drain guard. When student code awaits a promise nothing can settle, the event loop runs
 * empty and Node fires 'beforeExit': the pending cell or probe is then rejected with NEVER (from
 * a setImmediate, so the loop stays alive and drains again if the next one hangs too) and the run
 * goes on. If the loop drains twice for the same item (student code broke promises), finish().
 */
let drain: { reject: (e: unknown) => void; fired: boolean } | undefined;

function guarded<T>(p: Promise<T>): Promise<T> {
  return new PromiseCtor<T>((resolve, reject) => {
    drain = { reject, fired: false };
    apply(promiseThen, p, [resolve, reject]);
  });
}

function onDrain(): void {
  if (drain && !drain.fired) {
    drain.fired = true;
    const reject = drain.reject;
    setImmediateRef(() => reject(NEVER));
  } else {
    finish(NEVER_TEXT);
  }
}

const errorText = (e: unknown) => (e === NEVER ? NEVER_TEXT : describeError(e));

// ---- state the exit paths report from ----
const result: SandboxResult = { cells: [], probes: [], stdout: '' };
let pending: { kind: 'cell' | 'probe'; id: string } | undefined;
let finished = false;
let input: ChildInput;
let captured: Captured;
/** Random per job, known only to this module and the parent: a line without it is not the result. */
let nonce = '';

/** Appends to one of the result's arrays (see arrayWriter: prototypes may be patched). */
function record<T>(list: T[], item: T): void {
  arrayWriter()(list, list.length, item);
}

/** Writes the result line (items never reached are reported as not run) and exits. */
function finish(reason?: string): never {
  if (!finished) {
    finished = true;
    const { job } = input;
    for (let i = result.cells.length; i < job.cells.length; i++) {
      const error = pending?.kind === 'cell' && pending.id === job.cells[i].id && reason ? reason : 'not run: an earlier cell never finished';
      record(result.cells, { id: job.cells[i].id, ok: false, error });
    }
    for (let i = result.probes.length; i < job.probes.length; i++) {
      const error = pending?.kind === 'probe' && pending.id === job.probes[i].id && reason ? reason : 'not run: an earlier cell or test never finished';
      record(result.probes, { id: job.probes[i].id, ok: false, error });
    }
    result.stdout = captured ? captured.text() : '';
    writeSync(RESULT_FD, `${nonce} ${encodeJson(result)}\n`);
  }
  return exit(0);
}

async function main(): Promise<void> {
  input = jsonParse(readFileSync(0, 'utf8')) as ChildInput;
  nonce = input.nonce;
  const { job } = input;
  captured = new Captured(input.stdoutChars >> 1, input.stdoutChars >> 1, input.outputBytes);
  setBackend('cpu');
  manualSeed(job.seed >>> 0);
  const probes: PreparedProbe[] = [];
  for (let i = 0; i < job.probes.length; i++) probes[i] = prepareProbe(job.probes[i].id, job.probes[i].code);

  const emit = (m: { type: string; text?: string }) => {
    if (m.type === 'stdout') captured.write(`${m.text}\n`);
  };
  const helpers = createHelpers(emit as never, engine as never, () => {});
  const scope = new CellScope(engine, { ...engineNames(), ...helpers });

  // A promise that can never settle leaves the event loop empty: report instead of hanging.
  realProcess.on('beforeExit', onDrain);
  // A throw in a student timer callback, or a rejected promise nobody awaits, must not end the run.
  realProcess.on('uncaughtException', (e) => captured.write(`[uncaught error in a callback: ${describeError(e)}]\n`));
  realProcess.on('unhandledRejection', () => {});
  // the cells' own console (helpers) stands in for Node's: no reference to process.stdout survives
  const cellConsole = helpers.console as unknown as Record<string, (...args: unknown[]) => void>;
  harden(realProcess, { log: cellConsole.log, info: cellConsole.info, debug: cellConsole.debug, warn: cellConsole.warn, error: cellConsole.error });

  // index loops, not for-of: a student may patch the array iterator
  for (let c = 0; c < job.cells.length; c++) {
    const cell = job.cells[c];
    pending = { kind: 'cell', id: cell.id };
    try {
      await guarded(scope.run(cell.id, cell.code));
      record(result.cells, { id: cell.id, ok: true });
    } catch (e) {
      record(result.cells, { id: cell.id, ok: false, error: errorText(e) });
    }
  }
  captured.keeping = false;
  for (let i = 0; i < probes.length; i++) {
    const p = probes[i];
    pending = { kind: 'probe', id: p.id };
    let entry: SandboxResult['probes'][number];
    if (p.error) {
      entry = { id: p.id, ok: false, error: p.error };
    } else {
      try {
        // each probe draws the same random numbers whatever ran before it
        manualSeed((job.probes[i].seed ?? job.seed + i + 1) >>> 0);
        const value = await guarded(runProbe(p, scope));
        // serialised now: a later probe or timer must not change a value already returned
        entry = { id: p.id, ok: true, value: serialize(value) };
      } catch (e) {
        entry = { id: p.id, ok: false, error: errorText(e) };
      }
    }
    record(result.probes, entry);
  }
  pending = undefined;
  finish();
}

main().catch((e) => {
  try { writeSync(2, `sandbox failure: ${describeError(e)}\n`); } catch { /* ignore */ }
  exit(70);
});
