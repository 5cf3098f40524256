import { describe, expect, it } from 'vitest';
import { judge } from '../../grader/judge.ts';
import type { Serialized } from '../../grader/sandbox/protocol.ts';

const tol = { atol: 1e-6, rtol: 1e-5 };
const T = (shape: number[], data: Serialized[]): Serialized => ({ $tensor: { shape, data } });

describe('judge', () => {
  it('compares numbers like numpy.allclose', () => {
    expect(judge(1, 1 + 1e-7, tol, 'visible').ok).toBe(true);
    expect(judge(1000, 1000.009, tol, 'visible').ok).toBe(true);
    expect(judge(1000, 1000.02, tol, 'visible').ok).toBe(false);
    expect(judge(0, 2e-6, tol, 'visible').ok).toBe(false);
  });

  it('matches NaN only with NaN and infinities only with the same infinity', () => {
    const nan = { $num: 'NaN' } as const;
    const inf = { $num: 'Infinity' } as const;
    expect(judge(nan, nan, tol, 'visible').ok).toBe(true);
    expect(judge(nan, 1, tol, 'visible').ok).toBe(false);
    expect(judge(1, nan, tol, 'visible').ok).toBe(false);
    expect(judge(inf, inf, tol, 'visible').ok).toBe(true);
    expect(judge(inf, { $num: '-Infinity' }, tol, 'visible').ok).toBe(false);
    expect(judge(inf, 1e308, tol, 'visible').ok).toBe(false);
  });

  it('checks tensor shapes, then reports the worst entry', () => {
    const e = T([2, 2], [1, 2, 3, 4]);
    expect(judge(e, T([2, 2], [1, 2, 3, 4]), tol, 'visible')).toEqual({ ok: true, message: 'ok' });
    expect(judge(e, T([4], [1, 2, 3, 4]), tol, 'visible').message).toBe('wrong shape: expected [2, 2], got [4]');
    const v = judge(e, T([2, 2], [1, 2.5, 3, 9]), tol, 'visible');
    expect(v.ok).toBe(false);
    expect(v.message).toBe('wrong value at [1, 1]: expected 4, got 9; 2 of 4 entries differ, shape [2, 2]');
  });

  it('accepts a nested number array for a tensor of the same shape, and the reverse', () => {
    expect(judge(T([2, 1], [3, 4]), [[3], [4]], tol, 'visible').ok).toBe(true);
    expect(judge([[3], [4]], T([2, 1], [3, 4]), tol, 'visible').ok).toBe(true);
    expect(judge(T([], [3]), 3, tol, 'visible').ok).toBe(true);
    expect(judge(T([2, 1], [3, 4]), [3, 4], tol, 'visible').message).toMatch(/wrong shape/);
    expect(judge(T([2], [3, 4]), [3, [4]], tol, 'visible').message).toMatch(/wrong type/);
    expect(judge(T([2], [3, 4]), 'x', tol, 'visible').message).toBe('wrong type: expected a tensor of shape [2], got a string');
  });

  it('compares strings, booleans, arrays and objects structurally', () => {
    expect(judge('a', 'a', tol, 'visible').ok).toBe(true);
    expect(judge('a', 'b', tol, 'visible').message).toBe('wrong value: expected "a", got "b"');
    expect(judge(true, 1, tol, 'visible').message).toMatch(/wrong type/);
    expect(judge(null, null, tol, 'visible').ok).toBe(true);
    expect(judge(['a', 1], ['a', 1], tol, 'visible').ok).toBe(true);
    expect(judge(['a', 1], ['a'], tol, 'visible').message).toBe('wrong length: expected 2, got 1');
    const o = { $object: { w: 1, b: T([1], [2]) } };
    expect(judge(o, { $object: { b: [2], w: 1 } }, tol, 'visible').ok).toBe(true);
    expect(judge(o, { $object: { w: 1 } }, tol, 'visible').message).toBe('wrong keys: missing key "b"');
    expect(judge(o, { $object: { w: 1, b: [2], c: 0 } }, tol, 'visible').message).toBe('wrong keys: unexpected key "c"');
    expect(judge(o, { $object: { w: 1.5, b: [2] } }, tol, 'visible').message).toBe('wrong value at .w: expected 1, got 1.5');
  });

  it('never matches unsupported values, except undefined with undefined', () => {
    expect(judge({ $unsupported: 'undefined' }, { $unsupported: 'undefined' }, tol, 'visible').ok).toBe(true);
    expect(judge({ $unsupported: 'function' }, { $unsupported: 'function' }, tol, 'visible').ok).toBe(false);
    expect(judge(T([1], [1]), { $unsupported: 'Proxy' }, tol, 'visible').ok).toBe(false);
    expect(judge(1, undefined, tol, 'visible')).toEqual({ ok: false, message: 'no value' });
  });

  it('says nothing about values, shapes or paths for hidden tests', () => {
    expect(judge(T([2], [1, 2]), T([2], [1, 3]), tol, 'hidden')).toEqual({ ok: false, message: 'wrong value' });
    expect(judge(T([2], [1, 2]), T([3], [1, 2, 3]), tol, 'hidden')).toEqual({ ok: false, message: 'wrong shape' });
    expect(judge({ $object: { secret: 1 } }, { $object: {} }, tol, 'hidden')).toEqual({ ok: false, message: 'wrong shape' });
    expect(judge('secret', 'x', tol, 'hidden')).toEqual({ ok: false, message: 'wrong value' });
  });

  it('caps long messages', () => {
    const long = 'k'.repeat(1000);
    expect(judge('a'.repeat(1000), 'b'.repeat(1000), tol, 'visible').message.length).toBeLessThanOrEqual(400);
    expect(judge({ $object: { [long]: 1 } }, { $object: { [long]: 2 } }, tol, 'visible').message.length).toBeLessThanOrEqual(400);
  });
});
