/**
 * Fused softmax cross-entropy on WebGL: one thread per four rows runs the row's max and Σ exp
 * loops (the forward picks the target too); the gradient is that per-row logsumexp, then one
 * elementwise kernel over [rows, classes].
 */
import { fn, ret4 } from './codegen.ts';
import type { GlStorage } from './layout.ts';
import type { Runtime } from './runtime.ts';

const C4 = [0, 1, 2, 3];

/** Statements setting `lse${c}` to logsumexp of row `r${c}` of x (max-shifted). */
function lseLines(c: number): string[] {
  const at = (k: string) => `elemAt(x, this.constants.xL, r${c} * this.constants.C + ${k})`;
  return [
    `const r${c} = Math.min(t * 4 + ${c}, this.constants.RM);`,
    `let m${c} = ${at('0')};`,
    `for (let k = 1; k < this.constants.C; k++) { m${c} = Math.max(m${c}, ${at('k')}); }`,
    `let s${c} = 0;`,
    `for (let k = 0; k < this.constants.C; k++) { s${c} += Math.exp(${at('k')} - m${c}); }`,
    `const lse${c} = m${c} + Math.log(s${c});`,
  ];
}

/** Per-row loss: lse − x[target], 0 where the target is `ignore`. */
export function softmaxCrossEntropy(rt: Runtime, x: GlStorage, tg: GlStorage, rows: number, C: number,
  ignore: number): GlStorage {
  return rt.run(`sce|${rows}|${C}|${x.layout.lg}|${tg.layout.lg}`, rows, () => {
    const consts = { C, RM: rows - 1, xL: x.layout.lg, tL: tg.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(...lseLines(c),
        `const k${c} = elemAt(tg, this.constants.tL, r${c});`,
        `let v${c} = 0;`,
        `if (k${c} !== ign) { v${c} = lse${c} - elemAt(x, this.constants.xL, r${c} * this.constants.C + k${c}); }`);
    }
    return { source: fn(['x', 'tg', 'ign'], lines.join('\n') + '\n' + ret4(C4.map((c) => `v${c}`))), consts };
  }, [x, tg, ignore]);
}

/** logsumexp of each row: [rows]. */
function rowLogsumexp(rt: Runtime, x: GlStorage, rows: number, C: number): GlStorage {
  return rt.run(`sceLse|${rows}|${C}|${x.layout.lg}`, rows, () => {
    const consts = { C, RM: rows - 1, xL: x.layout.lg };
    const lines = C4.flatMap(lseLines);
    return { source: fn(['x'], lines.join('\n') + '\n' + ret4(C4.map((c) => `lse${c}`))), consts };
  }, [x]);
}

/** dy[r]·(softmax − onehot) per element, 0 on ignored rows. */
export function softmaxCrossEntropyGrad(rt: Runtime, x: GlStorage, tg: GlStorage, dy: GlStorage, rows: number,
  C: number, ignore: number): GlStorage {
  const lse = rowLogsumexp(rt, x, rows, C);
  const out = rt.run(`sceGrad|${rows}|${C}|${x.layout.lg}|${tg.layout.lg}|${dy.layout.lg}|${lse.layout.lg}`, rows * C, () => {
    const consts = { C, RM: rows - 1, xL: x.layout.lg, tL: tg.layout.lg, dL: dy.layout.lg, lL: lse.layout.lg };
    const lines: string[] = [];
    for (const c of C4) {
      lines.push(`const e${c} = t * 4 + ${c};`,
        `const r${c} = Math.min(idiv(e${c}, this.constants.C), this.constants.RM);`,
        `const j${c} = e${c} - r${c} * this.constants.C;`,
        `const k${c} = elemAt(tg, this.constants.tL, r${c});`,
        `let g${c} = 0;`,
        `if (k${c} !== ign) {`,
        `  const p${c} = Math.exp(elemAt(x, this.constants.xL, e${c}) - elemAt(lse, this.constants.lL, r${c}));`,
        `  let h${c} = 0;`,
        `  if (j${c} === k${c}) { h${c} = 1; }`,
        `  g${c} = elemAt(dy, this.constants.dL, r${c}) * (p${c} - h${c});`,
        '}');
    }
    return { source: fn(['x', 'tg', 'dy', 'lse', 'ign'], lines.join('\n') + '\n' + ret4(C4.map((c) => `g${c}`))), consts };
  }, [x, tg, dy, lse, ignore]);
  lse.tex.delete?.();
  return out;
}
