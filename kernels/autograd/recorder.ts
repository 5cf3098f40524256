/** Listeners that `recordTape` installs to see every op run while it is active. */
import type { Tensor } from '../tensor.ts';

const recorders: ((t: Tensor) => void)[] = [];

export function isRecording(): boolean {
  return recorders.length > 0;
}

export function notifyRecorders(t: Tensor): void {
  for (const r of recorders) r(t);
}

/** Run `fn` with `listener` called for every op output (graph links are recorded meanwhile). */
export function withRecorder<T>(listener: (t: Tensor) => void, fn: () => T): T {
  recorders.push(listener);
  try {
    return fn();
  } finally {
    recorders.splice(recorders.indexOf(listener), 1);
  }
}

const groups: string[] = [];
let nextGroup = 1;
/** Frozen copy of `groups`, shared by every node recorded until the path changes. */
let snapshot: readonly string[] | undefined;

/**
 * Run a composite op's body, tagging the primitive nodes it records with the composite's name
 * (`'sigmoid#7'`; nested composites give a path), so the viewer can fold them into one step.
 * @example return composite('sigmoid', () => where(...));
 */
export function composite<T>(name: string, fn: () => T): T {
  groups.push(`${name}#${nextGroup++}`);
  snapshot = undefined;
  try {
    return fn();
  } finally {
    groups.pop();
    snapshot = undefined;
  }
}

/** The current composite path (empty outside composites). */
export function currentGroup(): readonly string[] | undefined {
  if (groups.length === 0) return undefined;
  return (snapshot ??= Object.freeze([...groups]));
}
