/**
 * Small readers for checking untrusted data field by field. Each returns the value with its proper
 * type or throws Malformed with the path that failed, so a message is either fully typed or refused
 * (validate.ts turns the throw into `undefined`; the worker turns it into an error for the author).
 */

/** Thrown by the readers; its message names the field and what was wrong. */
export class Malformed extends Error {}

/** Refuses the message being read. */
export function fail(why: string): never {
  throw new Malformed(why);
}

/** A non-null, non-array object (a record of fields). */
export function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what}: expected an object`);
  return v as Record<string, unknown>;
}

/** A string of at most `max` characters. */
export function text(v: unknown, max: number, what: string): string {
  if (typeof v !== 'string') fail(`${what}: expected a string`);
  if (v.length > max) fail(`${what}: ${v.length} characters (max ${max})`);
  return v;
}

/** Any number, NaN and infinities included (errors and losses can be NaN). */
export function num(v: unknown, what: string): number {
  if (typeof v !== 'number') fail(`${what}: expected a number`);
  return v;
}

/** A finite number. */
export function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${what}: expected a finite number`);
  return v;
}

/** A safe integer, at least `min`. */
export function int(v: unknown, what: string, min = Number.MIN_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(v) || (v as number) < min) fail(`${what}: expected an integer ≥ ${min}`);
  return v as number;
}

export function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') fail(`${what}: expected true or false`);
  return v;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(v: unknown, options: readonly T[], what: string): T {
  if (!(options as readonly unknown[]).includes(v)) fail(`${what}: expected one of ${options.join(', ')}`);
  return v as T;
}

/** An array of at most `max` items, each read by `item`. */
export function list<T>(v: unknown, max: number, what: string, item: (x: unknown, where: string) => T): T[] {
  if (!Array.isArray(v)) fail(`${what}: expected an array`);
  if (v.length > max) fail(`${what}: ${v.length} items (max ${max})`);
  const out = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = item(v[i], `${what}[${i}]`);
  return out;
}

/** `read(v)` when the field is present, else undefined. */
export function optional<T>(v: unknown, read: (x: unknown) => T): T | undefined {
  return v === undefined ? undefined : read(v);
}

/** `read(v)`, or null when the field is null. */
export function nullable<T>(v: unknown, read: (x: unknown) => T): T | null {
  return v === null ? null : read(v);
}
