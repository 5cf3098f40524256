/**
 * CPU sliding-window kernels: unfold (im2col) and its adjoint fold (col2im). Convolution is
 * unfold followed by the backend's matmul (packed / WebAssembly gemm), so no conv loop lives here.
 */
import type { Shape, Window2d } from '../backend.ts';
import type { Alloc, Arr } from './types.ts';

/**
 * The output columns ow in [lo, hi) whose input column w0 + ow·sW lies inside [0, W) (the rest
 * read padding): shared by unfold and fold, which must agree on it exactly.
 */
function insideColumns(w0: number, W: number, sW: number, oW: number): [number, number] {
  const lo = Math.min(oW, Math.max(0, Math.ceil(-w0 / sW)));
  return [lo, Math.max(lo, Math.min(oW, Math.ceil((W - w0) / sW)))];
}

/** x [N, C, H, W] -> [N, C·kH·kW, oH·oW]; positions outside x read `padValue`. */
export function unfold(alloc: Alloc, x: Arr, shape: Shape, win: Window2d, padValue: number): Arr {
  const [N, C, H, W] = shape;
  const { kH, kW, sH, sW, pH, pW, dH, dW, oH, oW } = win;
  const out = alloc(N * C * kH * kW * oH * oW);
  let o = 0;
  for (let q = 0; q < N * C; q++) {
    const plane = q * H * W;
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++) {
        const w0 = j * dW - pW;
        const [lo, hi] = insideColumns(w0, W, sW, oW);
        for (let oh = 0; oh < oH; oh++) {
          const h = oh * sH - pH + i * dH;
          if (h < 0 || h >= H) {
            out.fill(padValue, o, o + oW);
            o += oW;
            continue;
          }
          const row = plane + h * W + w0;
          for (let ow = 0; ow < lo; ow++) out[o++] = padValue;
          if (sW === 1) {
            out.set(x.subarray(row + lo, row + hi), o);
            o += hi - lo;
          } else {
            for (let ow = lo; ow < hi; ow++) out[o++] = x[row + ow * sW];
          }
          for (let ow = hi; ow < oW; ow++) out[o++] = padValue;
        }
      }
    }
  }
  return out;
}

/** cols [N, C·kH·kW, oH·oW] -> [N, C, H, W], each entry added where unfold read it (float64 sums). */
export function fold(alloc: Alloc, cols: Arr, outShape: Shape, win: Window2d): Arr {
  const [N, C, H, W] = outShape;
  const { kH, kW, sH, sW, pH, pW, dH, dW, oH, oW } = win;
  const acc = new Float64Array(N * C * H * W);
  let o = 0;
  for (let q = 0; q < N * C; q++) {
    const plane = q * H * W;
    for (let i = 0; i < kH; i++) {
      for (let j = 0; j < kW; j++) {
        const w0 = j * dW - pW;
        const [lo, hi] = insideColumns(w0, W, sW, oW);
        for (let oh = 0; oh < oH; oh++, o += oW) {
          const h = oh * sH - pH + i * dH;
          if (h < 0 || h >= H) continue;
          const row = plane + h * W + w0;
          for (let ow = lo; ow < hi; ow++) acc[row + ow * sW] += cols[o + ow];
        }
      }
    }
  }
  const out = alloc(acc.length);
  out.set(acc);
  return out;
}
