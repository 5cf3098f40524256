/**
 * The poet GPT of section 5.6 (POET_CONFIG: 3 layers, 4 heads, width 64, 4,333 characters) as a
 * benchmark: one training step on a batch of 8 × 49 tokens, and generation of a 48-token poem.
 * The tfjs model is the same network written in tfjs ops and started from *our* weights, so both
 * sides compute the same numbers (the page logs both initial losses as a check).
 *
 * Same work on both sides: forward, mean cross-entropy, backward, Adam (tfjs has no AdamW or
 * global-norm clipping in its optimizers, so neither side uses them here); generation re-runs the
 * whole context for each new token (ours with `cache: false`, since the tfjs model keeps no KV
 * cache) and picks the argmax on the JavaScript side from the last position's logits.
 */
import * as E from '../../kernels/index.ts';
import * as M from '../../kernels/models/index.ts';
import type * as TF from '@tensorflow/tfjs';

export const GPT_BATCH = 8;
export const GPT_NEW_TOKENS = 48;
const LR = 1e-3;

/** Fixed pseudo-random token rows (no padding), so both sides see the same batch. */
function tokens(rows: number, cols: number, vocab: number, seed: number): number[][] {
  let s = seed;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => { s = (s * 16807) % 2147483647; return s % vocab; }));
}

/** A freshly initialised poet-sized GPT (seeded) and its batch. */
export function poetForBench(): { model: M.GPT; x: number[][]; y: number[][] } {
  const model = new M.GPT(M.POET_CONFIG, { generator: new E.Generator(11) });
  const rows = tokens(GPT_BATCH, M.POET_CONFIG.blockSize + 1, M.POET_CONFIG.vocabSize, 3);
  return { model, x: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r.slice(1)) };
}

/** Our side: `step` (one Adam step, returns the loss) and `generate`; `dispose` frees the weights. */
export function engineGpt() {
  const { model, x, y } = poetForBench();
  const opt = new E.optim.Adam(model.parameters(), { lr: LR });
  const xs = E.tensor(x), ys = E.tensor(y);
  return {
    step(): number {
      opt.zeroGrad();
      const loss = E.tidy(() => {
        const l = model.forward(xs, ys).loss!;
        l.backward();
        return l.item();
      });
      opt.step();
      return loss;
    },
    // cache: false, like the tfjs side, which re-runs the whole context too (the row compares engines, not algorithms)
    generate: () => model.generate([0], { maxNewTokens: GPT_NEW_TOKENS, temperature: 0, cache: false }).length,
    dispose() {
      opt.zeroGrad();
      model.dispose();
      xs.dispose();
      ys.dispose();
    },
  };
}

/** The same network in tfjs ops, its variables copied from a seeded engine model. */
export function tfjsGpt(tf: typeof TF) {
  const { model, x, y } = poetForBench();
  const c = model.config, d = c.nEmbd, H = c.nHead, hd = d / H, V = c.vocabSize;
  const vars = new Map(model.namedParameters().map(([name, t]) => [name, tf.variable(tf.tensor(t.dataSync(), [...t.shape]))]));
  model.dispose();
  const p = (name: string) => vars.get(name)!;
  const ln = (h: TF.Tensor, prefix: string) => {
    const { mean, variance } = tf.moments(h, -1, true);
    return h.sub(mean).div(variance.add(1e-5).sqrt()).mul(p(`${prefix}.weight`)).add(p(`${prefix}.bias`));
  };
  const linear = (h: TF.Tensor2D, prefix: string) => tf.matMul(h, p(`${prefix}.weight`) as TF.Tensor2D, false, true).add(p(`${prefix}.bias`)) as TF.Tensor2D;
  const gelu = (h: TF.Tensor) => h.mul(0.5).mul(tf.erf(h.mul(Math.SQRT1_2)).add(1));
  // tfjs-wasm has no UnsortedSegmentSum, the gradient of gather; there the embedding's gradient is
  // one-hotᵀ · dy, a matmul (more arithmetic than a scatter-add, so it does not flatter wasm)
  const lookup = tf.getBackend() !== 'wasm'
    ? (w: TF.Tensor, ids: TF.Tensor) => tf.gather(w, ids)
    : tf.customGrad(((w: TF.Tensor, ids: TF.Tensor, save: TF.GradSaveFunc) => {
      save([ids]);
      return {
        value: tf.gather(w, ids),
        gradFunc: (dy: TF.Tensor, [saved]: TF.Tensor[]) => [tf.matMul(tf.oneHot(saved, V).toFloat(), dy as TF.Tensor2D, true, false), tf.zerosLike(saved)],
      };
    }) as never) as (w: TF.Tensor, ids: TF.Tensor) => TF.Tensor;

  /** lnF(x_N) as [B·t, d] for int32 ids [B, t]. */
  function hidden(ids: TF.Tensor2D): TF.Tensor2D {
    const [B, t] = ids.shape;
    const future = tf.sub(1, tf.linalg.bandPart(tf.ones([t, t]), -1, 0)).mul(-1e9); // −∞ above the diagonal
    let h = lookup(p('wte.weight'), ids.flatten()).add(tf.tile(p('wpe.weight').slice([0, 0], [t, d]), [B, 1])) as TF.Tensor2D;
    for (let l = 0; l < c.nLayer; l++) {
      const b = `blocks.${l}`;
      const qkv = linear(ln(h, `${b}.ln1`) as TF.Tensor2D, `${b}.attn.qkv`).reshape([B, t, 3, H, hd]).transpose([2, 0, 3, 1, 4]);
      const [q, k, v] = tf.unstack(qkv) as TF.Tensor4D[];
      const att = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(hd)).add(future));
      const o = tf.matMul(att as TF.Tensor4D, v).transpose([0, 2, 1, 3]).reshape([B * t, d]) as TF.Tensor2D;
      h = h.add(linear(o, `${b}.attn.proj`));
      h = h.add(linear(gelu(linear(ln(h, `${b}.ln2`) as TF.Tensor2D, `${b}.mlp.fc`)) as TF.Tensor2D, `${b}.mlp.proj`));
    }
    return ln(h, 'lnF') as TF.Tensor2D;
  }
  const logits = (h: TF.Tensor2D) => tf.matMul(h, p('wte.weight') as TF.Tensor2D, false, true);

  const xs = tf.tensor2d(x, undefined, 'int32');
  const targets = tf.oneHot(tf.tensor1d(y.flat(), 'int32'), V);
  const opt = tf.train.adam(LR);
  return {
    async step(): Promise<number> {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(targets, logits(hidden(xs))) as TF.Scalar, true)!;
      const value = (await loss.data())[0];
      loss.dispose();
      return value;
    },
    async generate(): Promise<number> {
      const seq = [0];
      for (let n = 0; n < GPT_NEW_TOKENS; n++) {
        const row = tf.tidy(() => {
          const ctx = seq.slice(-c.blockSize);
          const h = hidden(tf.tensor2d([ctx], undefined, 'int32'));
          return logits(h.slice([ctx.length - 1, 0], [1, d]));
        });
        const values = await row.data();
        row.dispose();
        let best = 0;
        for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
        seq.push(best);
      }
      return seq.length;
    },
    dispose() {
      for (const v of vars.values()) v.dispose();
      xs.dispose();
      targets.dispose();
      opt.dispose();
    },
  };
}
