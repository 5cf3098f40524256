import { describe, expect, it } from 'vitest';
import { tensor, Tensor, zeros } from '../../kernels/index.ts';
import { createSerializer, encodeJson, encodeNumber, SerializeError } from '../../grader/sandbox/serialize.ts';

const serialize = createSerializer(Tensor as never, { maxElements: 1000, maxStringChars: 100, maxDepth: 8 });

describe('serialize', () => {
  it('keeps plain JSON values and encodes non-finite numbers', () => {
    expect(serialize(1.5)).toBe(1.5);
    expect(serialize(-0)).toBe(0);
    expect(serialize('a')).toBe('a');
    expect(serialize(true)).toBe(true);
    expect(serialize(null)).toBe(null);
    expect(serialize([NaN, Infinity, -Infinity])).toEqual([{ $num: 'NaN' }, { $num: 'Infinity' }, { $num: '-Infinity' }]);
    expect(encodeNumber(2)).toBe(2);
  });

  it('wraps plain objects and marks what it cannot send', () => {
    expect(serialize({ a: 1, b: [2] })).toEqual({ $object: { a: 1, b: [2] } });
    expect(serialize(Object.assign(Object.create(null), { x: 'y' }))).toEqual({ $object: { x: 'y' } });
    expect(serialize(undefined)).toEqual({ $unsupported: 'undefined' });
    expect(serialize(() => 1)).toEqual({ $unsupported: 'function' });
    expect(serialize(10n)).toEqual({ $unsupported: 'bigint' });
    expect(serialize(new Map())).toEqual({ $unsupported: 'Map' });
    expect(serialize(new (class Foo {})())).toEqual({ $unsupported: 'object' });
    expect(serialize(new Proxy({}, {}))).toEqual({ $unsupported: 'Proxy' });
  });

  it('sends tensors flat with their shape, from the captured dataSync', () => {
    expect(serialize(tensor([[1, 2], [3, 4]]))).toEqual({ $tensor: { shape: [2, 2], data: [1, 2, 3, 4] } });
    expect(serialize(tensor(3))).toEqual({ $tensor: { shape: [], data: [3] } });
    expect(serialize({ t: tensor([1]).div(0) })).toEqual({ $object: { t: { $tensor: { shape: [1], data: [{ $num: 'Infinity' }] } } } });
    const t = tensor([1, 2]);
    const own = Object.assign(t, { toArray: () => [9, 9] });
    expect(serialize(own)).toEqual({ $tensor: { shape: [2], data: [1, 2] } });
  });

  it('rejects objects that only claim to be tensors', () => {
    const fake = Object.create(Tensor.prototype, { shape: { value: [2] } });
    expect(() => serialize(fake)).toThrow();
  });

  it('sends typed arrays as number arrays', () => {
    expect(serialize(new Float32Array([1, 0.5]))).toEqual([1, 0.5]);
    expect(serialize(new BigInt64Array(1))).toEqual({ $unsupported: 'BigInt64Array' });
  });

  it('marks cycles and caps depth, size and strings', () => {
    const a: unknown[] = [1];
    a.push(a);
    expect(serialize(a)).toEqual([1, { $unsupported: 'cycle' }]);
    const shared = [1];
    expect(serialize([shared, shared])).toEqual([[1], [1]]);
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = [deep];
    expect(() => serialize(deep)).toThrow(SerializeError);
    expect(() => serialize(new Array(2 ** 32 - 1))).toThrow(/too large/);
    expect(() => serialize(zeros([40, 40]))).toThrow(/too large/);
    expect(() => serialize('x'.repeat(101))).toThrow(/too large/);
    expect(() => serialize(Array.from({ length: 600 }, () => [1, 2]))).toThrow(/too large/);
  });

  it('lets a throwing getter or Proxy trap surface as an error, not a crash', () => {
    expect(() => serialize({ get x() { throw new Error('boom'); } })).toThrow('boom');
    expect(serialize({ p: new Proxy([], { ownKeys() { throw new Error('trap'); } }) })).toEqual({ $object: { p: { $unsupported: 'Proxy' } } });
  });
});

describe('encodeJson', () => {
  it('matches JSON.stringify on report-shaped values', () => {
    const v = { cells: [{ id: 'a', ok: true }], probes: [{ id: 't0', ok: false, error: 'x"\n' }], stdout: 'ü', n: [1.5, -2e-9, null] };
    expect(JSON.parse(encodeJson(v))).toEqual(v);
  });

  it('ignores a toJSON planted on Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.toJSON = () => 'pwned';
    try {
      expect(encodeJson({ a: [{ b: 1 }] })).toBe('{"a":[{"b":1}]}');
    } finally {
      delete proto.toJSON;
    }
  });
});
