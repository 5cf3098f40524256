/** Reductions: axes are moved last (one remap) and each output element loops over its run. */
import type { ArgReduceOp, ReduceOp } from '../backend.ts';
import { fn, ret4 } from './codegen.ts';
import { strided, fill } from './elementwise.ts';
import { sizeOfShape, strides, type GlStorage } from './layout.ts';
import type { Runtime } from './runtime.ts';

const C4 = [0, 1, 2, 3];
const COMBINE: Record<ReduceOp, string> = { sum: 'A + V', max: 'Math.max(A, V)', min: 'Math.min(A, V)' };
const EMPTY: Record<ReduceOp, number> = { sum: 0, max: -Infinity, min: Infinity };
/** Runs longer than this are reduced in two passes (partials over chunks, then the partials). */
const CHUNK_OVER = 2048;

/** x viewed as [outer, R] with the reduced axes last (a transpose when they are not already). */
function moveLast(rt: Runtime, x: GlStorage, shape: readonly number[], axes: readonly number[]) {
  const keep = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...keep, ...axes];
  const R = sizeOfShape(axes.map((a) => shape[a]));
  const outer = sizeOfShape(keep.map((a) => shape[a]));
  const trailing = perm.every((p, i) => p === i);
  if (trailing) return { x, outer, R, owned: false };
  const st = strides(shape);
  return { x: strided(rt, x, perm.map((p) => shape[p]), perm.map((p) => st[p]), 0), outer, R, owned: true };
}

/** out[o] = op over r < R of x[o * R + r] (x laid out as [outer, R]). */
function rows(rt: Runtime, op: ReduceOp, x: GlStorage, outer: number, R: number): GlStorage {
  if (R > CHUNK_OVER) {
    const C = Math.ceil(Math.sqrt(R));
    const parts = Math.ceil(R / C);
    const partial = chunked(rt, op, x, outer, R, C, parts);
    const out = rows(rt, op, partial, outer, parts);
    partial.tex.delete?.();
    return out;
  }
  const texelRows = R % 4 === 0 && x.layout.size === outer * R;
  return rt.run(`reduce|${op}|${outer}|${R}|${x.layout.lg}|${texelRows}`, outer, () => {
    const consts = { R, RQ: R / 4, xL: x.layout.lg };
    const comb = (a: string, v: string) => COMBINE[op].replace('A', a).replace('V', v);
    const lines: string[] = [];
    for (const c of C4) {
      const o = `(t * 4 + ${c})`;
      if (texelRows) {
        // four elements per fetch: whole texels of the row
        lines.push(`const f${c} = texelAt(x, this.constants.xL, ${o} * this.constants.RQ);`,
          `let a${c} = f${c}[0];`,
          ...[1, 2, 3].map((j) => `a${c} = ${comb(`a${c}`, `f${c}[${j}]`)};`),
          'for (let k = 1; k < this.constants.RQ; k++) {',
          `  const g${c} = texelAt(x, this.constants.xL, ${o} * this.constants.RQ + k);`,
          ...[0, 1, 2, 3].map((j) => `  a${c} = ${comb(`a${c}`, `g${c}[${j}]`)};`),
          '}');
      } else {
        lines.push(`let a${c} = elemAt(x, this.constants.xL, ${o} * this.constants.R);`,
          'for (let k = 1; k < this.constants.R; k++) {',
          `  a${c} = ${comb(`a${c}`, `elemAt(x, this.constants.xL, ${o} * this.constants.R + k)`)};`,
          '}');
      }
    }
    return { source: fn(['x'], lines.join('\n') + '\n' + ret4(C4.map((c) => `a${c}`))), consts };
  }, [x]);
}

/** Partial reductions over chunks of C: out laid out as [outer, parts]. */
function chunked(rt: Runtime, op: ReduceOp, x: GlStorage, outer: number, R: number, C: number, parts: number) {
  return rt.run(`reduceChunk|${op}|${outer}|${R}|${C}|${x.layout.lg}`, outer * parts, () => {
    const consts = { R, C, P: parts, xL: x.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(`const o${c} = idiv(t * 4 + ${c}, this.constants.P);`,
        `const s${c} = (t * 4 + ${c} - o${c} * this.constants.P) * this.constants.C;`,
        `let a${c} = elemAt(x, this.constants.xL, o${c} * this.constants.R + s${c});`,
        `for (let k = 1; k < this.constants.C; k++) {`,
        `  if (s${c} + k < this.constants.R) {`,
        `    a${c} = ${COMBINE[op].replace('A', `a${c}`).replace('V', `elemAt(x, this.constants.xL, o${c} * this.constants.R + s${c} + k)`)};`,
        '  }', '}');
    }
    return { source: fn(['x'], lines.join('\n') + '\n' + ret4(C4.map((c) => `a${c}`))), consts };
  }, [x]);
}

export function reduce(rt: Runtime, op: ReduceOp, x: GlStorage, shape: readonly number[],
  axes: readonly number[]): GlStorage {
  const m = moveLast(rt, x, shape, axes);
  if (m.R === 0) return fill(rt, m.outer, EMPTY[op]);
  const out = rows(rt, op, m.x, m.outer, m.R);
  if (m.owned) m.x.tex.delete?.();
  return out;
}

export function argReduce(rt: Runtime, op: ArgReduceOp, x: GlStorage, shape: readonly number[],
  axis: number): GlStorage {
  const m = moveLast(rt, x, shape, [axis]);
  const better = op === 'argmax' ? '>' : '<';
  const out = rt.run(`arg|${op}|${m.outer}|${m.R}|${m.x.layout.lg}`, m.outer, () => {
    const consts = { R: m.R, xL: m.x.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(`let b${c} = elemAt(x, this.constants.xL, (t * 4 + ${c}) * this.constants.R);`, `let i${c} = 0;`,
        'for (let k = 1; k < this.constants.R; k++) {',
        `  const v = elemAt(x, this.constants.xL, (t * 4 + ${c}) * this.constants.R + k);`,
        `  if (v ${better} b${c}) { b${c} = v; i${c} = k; }`, '}');
    }
    return { source: fn(['x'], lines.join('\n') + '\n' + ret4(C4.map((c) => `i${c}`))), consts };
  }, [m.x]);
  if (m.owned) m.x.tex.delete?.();
  return out;
}
