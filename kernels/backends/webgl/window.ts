/**
 * Sliding-window kernels: unfold (im2col, a gather: one input read per output element) and
 * fold (col2im, written as a gather too: each input position sums the at most kH·kW column
 * entries that read it, so no scatter and no atomics). Convolution is unfold + the webgl matmul.
 */
import type { Window2d } from '../backend.ts';
import { fn, ret4 } from './codegen.ts';
import type { GlStorage } from './layout.ts';
import type { Runtime } from './runtime.ts';

const C4 = [0, 1, 2, 3];

/** The window as kernel constants (names avoid W / WL, which the runtime adds). */
function windowConsts(win: Window2d, H: number, W: number): Record<string, number> {
  return {
    IH: H, IW: W, HW: H * W, KH: win.kH, KW: win.kW, KK: win.kH * win.kW, SH: win.sH, SW: win.sW,
    PH: win.pH, PW: win.pW, DH: win.dH, DW: win.dW, OH: win.oH, OW: win.oW, L: win.oH * win.oW,
  };
}

const keyOfWindow = (w: Window2d) => `${w.kH},${w.kW},${w.sH},${w.sW},${w.pH},${w.pW},${w.dH},${w.dW},${w.oH},${w.oW}`;

/** x [N, C, H, W] -> [N, C·kH·kW, oH·oW]; `pv` (a uniform) outside the input. */
export function unfold(rt: Runtime, x: GlStorage, shape: readonly number[], win: Window2d, padValue: number): GlStorage {
  const [N, C, H, W] = shape;
  const size = N * C * win.kH * win.kW * win.oH * win.oW;
  return rt.run(`unfold|${N * C}|${H}|${W}|${keyOfWindow(win)}|${x.layout.lg}`, size, () => {
    const consts = { ...windowConsts(win, H, W), xL: x.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(`const e${c} = t * 4 + ${c};`,
        `const r${c} = idiv(e${c}, this.constants.L);`,
        `const l${c} = e${c} - r${c} * this.constants.L;`,
        `const oh${c} = idiv(l${c}, this.constants.OW);`,
        `const ow${c} = l${c} - oh${c} * this.constants.OW;`,
        `const q${c} = idiv(r${c}, this.constants.KK);`,
        `const k${c} = r${c} - q${c} * this.constants.KK;`,
        `const i${c} = idiv(k${c}, this.constants.KW);`,
        `const j${c} = k${c} - i${c} * this.constants.KW;`,
        `const h${c} = oh${c} * this.constants.SH - this.constants.PH + i${c} * this.constants.DH;`,
        `const w${c} = ow${c} * this.constants.SW - this.constants.PW + j${c} * this.constants.DW;`,
        `let v${c} = pv;`,
        `if (h${c} >= 0 && h${c} < this.constants.IH && w${c} >= 0 && w${c} < this.constants.IW) {`,
        `  v${c} = elemAt(x, this.constants.xL, q${c} * this.constants.HW + h${c} * this.constants.IW + w${c});`,
        '}');
    }
    return { source: fn(['x', 'pv'], lines.join('\n') + '\n' + ret4(C4.map((c) => `v${c}`))), consts };
  }, [x, padValue]);
}

/** cols [N, C·kH·kW, oH·oW] -> outShape [N, C, H, W]: out[q, h, w] = Σ cols over the (i, j) that read (h, w). */
export function fold(rt: Runtime, cols: GlStorage, outShape: readonly number[], win: Window2d): GlStorage {
  const [N, C, H, W] = outShape;
  return rt.run(`fold|${N * C}|${H}|${W}|${keyOfWindow(win)}|${cols.layout.lg}`, N * C * H * W, () => {
    const consts = { ...windowConsts(win, H, W), cL: cols.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      // th = h + pH − i·dH must be a non-negative multiple of sH below sH·oH (likewise for w);
      // idiv only ever sees non-negative operands (GLSL integer division of negatives is undefined)
      lines.push(`const e${c} = t * 4 + ${c};`,
        `const q${c} = idiv(e${c}, this.constants.HW);`,
        `const m${c} = e${c} - q${c} * this.constants.HW;`,
        `const h${c} = idiv(m${c}, this.constants.IW);`,
        `const w${c} = m${c} - h${c} * this.constants.IW;`,
        `let s${c} = 0;`,
        'for (let i = 0; i < this.constants.KH; i++) {',
        `  const th${c} = h${c} + this.constants.PH - i * this.constants.DH;`,
        `  let oh${c} = 0;`,
        `  if (th${c} > 0) { oh${c} = idiv(th${c}, this.constants.SH); }`,
        '  for (let j = 0; j < this.constants.KW; j++) {',
        `    const tw${c} = w${c} + this.constants.PW - j * this.constants.DW;`,
        `    let ow${c} = 0;`,
        `    if (tw${c} > 0) { ow${c} = idiv(tw${c}, this.constants.SW); }`,
        `    if (th${c} >= 0 && tw${c} >= 0 && oh${c} * this.constants.SH === th${c} && ow${c} * this.constants.SW === tw${c} && oh${c} < this.constants.OH && ow${c} < this.constants.OW) {`,
        `      s${c} += elemAt(c, this.constants.cL, ((q${c} * this.constants.KK + i * this.constants.KW + j) * this.constants.L) + oh${c} * this.constants.OW + ow${c});`,
        '    }',
        '  }',
        '}');
    }
    return { source: fn(['c'], lines.join('\n') + '\n' + ret4(C4.map((k) => `s${k}`))), consts };
  }, [cols]);
}
