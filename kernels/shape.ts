/**
 * Shape arithmetic shared by ops and backends: sizes, strides, NumPy broadcasting, axis
 * normalisation, and the `[2,3]` formatting every error message uses.
 */
import type { Shape } from './backends/backend.ts';

export type { Shape };

/** Number of elements: product of dims (1 for a scalar shape []). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides: stridesOf([2,3,4]) = [12,4,1]. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** `[2,3]`, the spelling used in every error message. */
export function fmt(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * NumPy broadcast of several shapes; throws `op: shapes [2,3] and [4] cannot broadcast`.
 * @example broadcastShapes('add', [2, 1], [3]); // [2, 3]
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = rank - s.length + i;
      const d = s[i];
      if (out[j] === 1) out[j] = d;
      else if (d !== 1 && d !== out[j]) {
        throw new Error(`${op}: shapes ${shapes.map(fmt).join(' and ')} cannot broadcast`);
      }
    }
  }
  return out;
}

/**
 * Strides of `shape` read as if broadcast to `outShape` (0 on stretched dims), aligned to outShape.
 * @example broadcastStrides([3, 1], [2, 3, 4]); // [0, 1, 0]
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const st = stridesOf(shape);
  const out = new Array<number>(outShape.length).fill(0);
  const off = outShape.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : st[i];
  return out;
}

/** Resolve a possibly negative axis; throws `op: axis 3 out of range for shape [2,3]`. */
export function normAxis(op: string, axis: number, rank: number, shape?: Shape): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new Error(`${op}: axis ${axis} out of range for ${shape ? `shape ${fmt(shape)}` : `rank ${rank}`}`);
  }
  return a;
}

/** Resolve an axis argument (undefined = all axes) to sorted unique non-negative axes. */
export function normAxes(op: string, axis: number | readonly number[] | undefined, shape: Shape): number[] {
  if (axis === undefined) return shape.map((_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const set = new Set(list.map((a) => normAxis(op, a, shape.length, shape)));
  return [...set].sort((x, y) => x - y);
}
