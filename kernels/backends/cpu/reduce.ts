/** CPU reductions: sum/max/min over a set of axes, argmax/argmin along one axis. */
import { sizeOf, stridesOf } from '../../shape.ts';
import type { ArgReduceOp, ReduceOp, Shape } from '../backend.ts';
import { stridedIndex } from './index_map.ts';
import type { Arr, ArrCtor } from './types.ts';

/** Walk every input element, sending it to its output slot (stride 0 on reduced axes). */
export function reduce(C: ArrCtor, op: ReduceOp, x: Arr, shape: Shape, axes: readonly number[]): Arr {
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const outStrides = stridesOf(outShape);
  // strides of the output as seen from each input axis
  const st: number[] = [];
  let j = 0;
  for (let i = 0; i < shape.length; i++) st.push(axes.includes(i) ? 0 : outStrides[j++]);
  const target = stridedIndex(st, shape, 0);
  const out = new C(sizeOf(outShape));
  // accumulate in float64 even for the float32 backend
  const acc = new Float64Array(out.length);
  const n = x.length;
  if (op === 'sum') {
    for (let i = 0; i < n; i++) acc[target[i]] += x[i];
  } else if (op === 'max') {
    acc.fill(-Infinity);
    for (let i = 0; i < n; i++) {
      const v = x[i], t = target[i];
      if (v > acc[t] || v !== v) acc[t] = v;
    }
  } else {
    acc.fill(Infinity);
    for (let i = 0; i < n; i++) {
      const v = x[i], t = target[i];
      if (v < acc[t] || v !== v) acc[t] = v;
    }
  }
  out.set(acc);
  return out;
}

export function argReduce(C: ArrCtor, op: ArgReduceOp, x: Arr, shape: Shape, axis: number): Arr {
  const outer = sizeOf(shape.slice(0, axis));
  const len = shape[axis];
  const inner = sizeOf(shape.slice(axis + 1));
  const out = new C(outer * inner);
  const better = op === 'argmax' ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = x[base], arg = 0;
      for (let k = 1; k < len && best === best; k++) {
        const v = x[base + k * inner];
        if (better(v, best) || v !== v) { best = v; arg = k; }
      }
      out[o * inner + i] = arg;
    }
  }
  return out;
}
