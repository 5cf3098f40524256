/**
 * Values from the student's scope → Serialized (protocol.ts), inside the sandbox. The values are
 * untrusted objects: getters and Proxy traps run student code, prototypes may be patched, arrays
 * may be huge or cyclic. So every intrinsic used here is captured when this module loads (before
 * any student code runs), sizes are checked before anything is copied, and a throwing getter
 * simply makes this one probe an error (the caller catches).
 *
 * `encodeJson` turns the result into JSON without `JSON.stringify` on objects, so an
 * `Object.prototype.toJSON` planted by the student cannot rewrite the report.
 */
import { types } from 'node:util';
import type { Serialized } from './protocol.ts';

// ---- intrinsics, captured at load (student code may replace the globals later) ----
const { apply } = Reflect;
const { isArray } = Array;
const { getPrototypeOf, keys, getOwnPropertyDescriptor, defineProperty, create } = Object;
const ownKeys = Reflect.ownKeys;
const ObjectPrototype = Object.prototype;
const ArrayPrototype = Array.prototype;
const charCodeAt = String.prototype.charCodeAt;
const objectTag = Object.prototype.toString;
const isView = ArrayBuffer.isView;
const { isProxy } = types;
const jsonStringify = JSON.stringify;
const stringSlice = String.prototype.slice;
const SetCtor = Set;
const setHas = Set.prototype.has;
const setAdd = Set.prototype.add;
const setDelete = Set.prototype.delete;
const typedArrayProto = getPrototypeOf(Uint8Array.prototype) as object;
const typedLength = getOwnPropertyDescriptor(typedArrayProto, 'length')!.get!;
const typedTag = getOwnPropertyDescriptor(typedArrayProto, Symbol.toStringTag)!.get!;

/** Sets `arr[i] = v` on a fresh array. */
export type ArrayWriter = (arr: unknown[], i: number, v: unknown) => void;

const assign: ArrayWriter = (arr, i, v) => { arr[i] = v; };
const define: ArrayWriter = (arr, i, v) => { defineProperty(arr, i, { value: v, writable: true, enumerable: true, configurable: true }); };

/** Whether an own key is an array index ("0", "17"), by char codes (no patchable helpers). */
function isIndexKey(k: string | symbol): boolean {
  if (typeof k !== 'string' || k.length === 0) return false;
  for (let i = 0; i < k.length; i++) {
    const c = apply(charCodeAt, k, [i]) as number;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * How to fill arrays now. Plain `arr[i] = v` on a fresh array looks up the prototype chain, so a
 * student who defined an index setter on Array.prototype or Object.prototype (or gave
 * Array.prototype a Proxy as prototype) could swallow entries of the report; then every write
 * uses defineProperty (15× slower, so only then). Integer keys come first in ownKeys order, so
 * checking the first key of each prototype is enough.
 */
export function arrayWriter(): ArrayWriter {
  if (getPrototypeOf(ArrayPrototype) !== ObjectPrototype) return define;
  const a = ownKeys(ArrayPrototype);
  const o = ownKeys(ObjectPrototype);
  return (a.length && isIndexKey(a[0])) || (o.length && isIndexKey(o[0])) ? define : assign;
}

/** Caps on one probe's value. */
export interface SerializeLimits {
  /** Numbers, strings, booleans, nulls and unsupported leaves, in total. */
  maxElements: number;
  /** Characters over all strings. */
  maxStringChars: number;
  /** Nesting of arrays and objects. */
  maxDepth: number;
}

export const SERIALIZE_LIMITS: SerializeLimits = { maxElements: 1_000_000, maxStringChars: 4_000_000, maxDepth: 32 };

/** A value that cannot be sent back (too large, too deep): the probe becomes an error with this message. */
export class SerializeError extends Error {}

/** What the serializer needs from the engine's tensor class. */
export interface TensorClass {
  prototype: { dataSync(): ArrayLike<number> };
}

/** A finite number as is (−0 as 0), a non-finite one as `{ $num }`. */
export function encodeNumber(x: number): Serialized {
  if (x !== x) return { $num: 'NaN' };
  if (x === Infinity) return { $num: 'Infinity' };
  if (x === -Infinity) return { $num: '-Infinity' };
  return x === 0 ? 0 : x;
}

/**
 * A serializer bound to the engine's Tensor class. `dataSync` is captured now, so a student who
 * patches `Tensor.prototype.toArray`/`dataSync` changes only what their own code sees, and its
 * private-field brand check rejects objects that merely claim to be tensors.
 */
export function createSerializer(Tensor: TensorClass, limits: SerializeLimits = SERIALIZE_LIMITS): (value: unknown) => Serialized {
  const dataSync = Tensor.prototype.dataSync;
  const tensorProto = Tensor.prototype as object;

  return function serialize(value: unknown): Serialized {
    let elements = 0;
    let chars = 0;
    const put = arrayWriter();
    const ancestors = new SetCtor<object>();
    const spend = (n: number) => {
      elements += n;
      if (elements > limits.maxElements) throw new SerializeError(`value too large: more than ${limits.maxElements} entries`);
    };

    const visit = (v: unknown, depth: number): Serialized => {
      switch (typeof v) {
        case 'number': spend(1); return encodeNumber(v);
        case 'string':
          spend(1);
          chars += v.length;
          if (chars > limits.maxStringChars) throw new SerializeError(`value too large: more than ${limits.maxStringChars} characters of strings`);
          return v;
        case 'boolean': spend(1); return v;
        case 'undefined': spend(1); return { $unsupported: 'undefined' };
        case 'bigint': case 'symbol': case 'function': spend(1); return { $unsupported: typeof v };
        default: break;
      }
      if (v === null) { spend(1); return null; }
      const obj = v as object;
      if (isProxy(obj)) { spend(1); return { $unsupported: 'Proxy' }; }
      if (apply(setHas, ancestors, [obj])) { spend(1); return { $unsupported: 'cycle' }; }
      if (depth >= limits.maxDepth) throw new SerializeError(`value nested deeper than ${limits.maxDepth} levels`);
      apply(setAdd, ancestors, [obj]);
      try {
        return visitObject(obj, depth);
      } finally {
        apply(setDelete, ancestors, [obj]);
      }
    };

    const visitObject = (obj: object, depth: number): Serialized => {
      const proto = getPrototypeOf(obj);
      if (isTensorLike(obj, proto)) return visitTensor(obj);
      if (isView(obj)) return visitTypedArray(obj as ArrayBufferView);
      if (isArray(obj)) {
        const arr = obj as unknown[];
        const n = arr.length;
        // checked before the loop: `new Array(2 ** 32 - 1)` must not be walked hole by hole
        if (elements + n > limits.maxElements) throw new SerializeError(`value too large: an array of ${n} entries`);
        const out: Serialized[] = [];
        for (let i = 0; i < n; i++) put(out, i, visit(arr[i], depth + 1));
        return out;
      }
      if (proto === ObjectPrototype || proto === null) {
        // null prototype: a setter planted on Object.prototype cannot swallow a key
        const out = create(null) as Record<string, Serialized>;
        const names = keys(obj);
        for (let i = 0; i < names.length; i++) {
          const k = names[i];
          out[k] = visit((obj as Record<string, unknown>)[k], depth + 1);
        }
        return { $object: out };
      }
      spend(1);
      return { $unsupported: typeName(obj) };
    };

    const isTensorLike = (obj: object, proto: unknown): boolean => {
      for (let p = proto, hops = 0; p !== null && hops < 8; p = getPrototypeOf(p as object), hops++) {
        if (p === tensorProto) return true;
      }
      return false;
    };

    const visitTensor = (t: object): Serialized => {
      const shape = getOwnPropertyDescriptor(t, 'shape')?.value as unknown;
      if (!isArray(shape) || isProxy(shape)) throw new SerializeError('a tensor without a valid shape');
      const dims: number[] = [];
      let size = 1;
      for (let i = 0; i < shape.length; i++) {
        const d = shape[i] as unknown;
        if (typeof d !== 'number' || !(d >= 0) || d % 1 !== 0) throw new SerializeError('a tensor without a valid shape');
        put(dims, i, d);
        size *= d;
      }
      if (elements + size > limits.maxElements) throw new SerializeError(`value too large: a tensor of ${size} entries`);
      const data = apply(dataSync, t, []) as ArrayLike<number>;
      if (!isView(data) || apply(typedLength, data, []) !== size) throw new SerializeError('a tensor whose data does not match its shape');
      spend(size);
      const flat: Serialized[] = [];
      for (let i = 0; i < size; i++) put(flat, i, encodeNumber(data[i]));
      return { $tensor: { shape: dims, data: flat } };
    };

    const visitTypedArray = (view: ArrayBufferView): Serialized => {
      const tag = apply(typedTag, view, []) as string | undefined;
      if (tag === undefined) { spend(1); return { $unsupported: 'DataView' }; }
      if (tag === 'BigInt64Array' || tag === 'BigUint64Array') { spend(1); return { $unsupported: tag }; }
      const n = apply(typedLength, view, []) as number;
      if (elements + n > limits.maxElements) throw new SerializeError(`value too large: a ${tag} of ${n} entries`);
      spend(n);
      const arr = view as unknown as ArrayLike<number>;
      const out: Serialized[] = [];
      for (let i = 0; i < n; i++) put(out, i, encodeNumber(arr[i]));
      return out;
    };

    return visit(value, 0);
  };
}

/** `Map`, `Set`, `Date`, `object` (class instances): from the built-in tag, never from student getters. */
function typeName(obj: object): string {
  const tag = apply(objectTag, obj, []) as string;
  // a student-defined Symbol.toStringTag getter may run here; a throw is the caller's probe error
  const name = apply(stringSlice, tag, [8, -1]) as string;
  return name === 'Object' ? 'object' : apply(stringSlice, name, [0, 40]) as string;
}

/**
 * JSON text of a report built by the sandbox (plain objects, arrays, strings, finite numbers,
 * booleans, null). Strings and numbers go through the captured `JSON.stringify`, which never
 * consults `toJSON` for primitives; objects are walked here.
 */
export function encodeJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string': return jsonStringify(value);
    case 'number': return value === value && value !== Infinity && value !== -Infinity ? jsonStringify(value) : 'null';
    case 'boolean': return value ? 'true' : 'false';
    default: break;
  }
  if (isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++) s += (i ? ',' : '') + encodeJson(value[i]);
    return s + ']';
  }
  const names = keys(value as object);
  let s = '{';
  let first = true;
  for (let i = 0; i < names.length; i++) {
    const v = (value as Record<string, unknown>)[names[i]];
    if (v === undefined) continue;
    s += (first ? '' : ',') + jsonStringify(names[i]) + ':' + encodeJson(v);
    first = false;
  }
  return s + '}';
}
