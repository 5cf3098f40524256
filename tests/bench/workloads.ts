/**
 * The book's workloads as one training step (forward + loss + backward + SGD update) in three
 * forms: our engine (any backend), tfjs (any backend), and a plain JavaScript loop.
 */
import * as E from '../../kernels/index.ts';
import type * as TF from '@tensorflow/tfjs';

export interface Workload { name: string; engine: () => () => number; tfjs: (tf: typeof TF) => () => Promise<number>; plain: () => () => number }

const LR = 0.05;

function data(n: number, d: number, seed: number): Float32Array {
  let s = seed;
  const out = new Float32Array(n * d);
  for (let i = 0; i < out.length; i++) { s = (s * 16807) % 2147483647; out[i] = (s / 2147483647) * 2 - 1; }
  return out;
}
const labels = (x: Float32Array, n: number, d: number) => Float32Array.from({ length: n }, (_, i) => (x[i * d] + x[i * d + 1] > 0 ? 1 : 0));

/** Logistic regression on 1,000 x 2 points. */
const logistic: Workload = (() => {
  const N = 1000, D = 2, X = data(N, D, 1), Y = labels(X, N, D);
  return {
    name: 'logistic regression (1,000 × 2)',
    engine() {
      const x = E.tensor(X, { shape: [N, D] }), y = E.tensor(Y, { shape: [N, 1] });
      const w = E.zeros([D, 1], { requiresGrad: true }), b = E.zeros([1], { requiresGrad: true });
      const opt = new E.optim.SGD([w, b], { lr: LR });
      return () => E.tidy(() => {
        opt.zeroGrad();
        // the loss on the logits, as tfjs's sigmoidCrossEntropy below: the same function in the
        // same numerically stable form on both sides
        const loss = E.F.binaryCrossEntropyWithLogits(x.matmul(w).add(b), y);
        loss.backward(); opt.step();
        return loss.item();
      });
    },
    tfjs(tf) {
      const x = tf.tensor2d(X, [N, D]), y = tf.tensor2d(Y, [N, 1]);
      const w = tf.variable(tf.zeros([D, 1])), b = tf.variable(tf.zeros([1]));
      const opt = tf.train.sgd(LR);
      return async () => {
        const loss = opt.minimize(() => tf.losses.sigmoidCrossEntropy(y, x.matMul(w).add(b)) as TF.Scalar, true)!;
        const v = (await loss.data())[0]; loss.dispose(); return v;
      };
    },
    plain() {
      const w = new Float64Array(D); let b = 0;
      return () => {
        const g = new Float64Array(D); let gb = 0, loss = 0;
        for (let i = 0; i < N; i++) {
          let z = b; for (let j = 0; j < D; j++) z += X[i * D + j] * w[j];
          const p = 1 / (1 + Math.exp(-z));
          loss -= Y[i] * Math.log(p + 1e-12) + (1 - Y[i]) * Math.log(1 - p + 1e-12);
          const d = (p - Y[i]) / N; gb += d; for (let j = 0; j < D; j++) g[j] += d * X[i * D + j];
        }
        for (let j = 0; j < D; j++) w[j] -= LR * g[j]; b -= LR * gb;
        return loss / N;
      };
    },
  };
})();

/** House prices: linear regression on 500 x 3 with MSE. */
const house: Workload = (() => {
  const N = 500, D = 3, X = data(N, D, 2);
  const Y = Float32Array.from({ length: N }, (_, i) => 3 * X[i * D] - 2 * X[i * D + 1] + X[i * D + 2] + 0.5);
  return {
    name: 'house prices, linear (500 × 3)',
    engine() {
      const x = E.tensor(X, { shape: [N, D] }), y = E.tensor(Y, { shape: [N, 1] });
      const model = new E.nn.Linear(D, 1);
      const opt = new E.optim.SGD(model.parameters(), { lr: LR });
      return () => E.tidy(() => {
        opt.zeroGrad();
        const loss = E.F.mseLoss(model.forward(x), y);
        loss.backward(); opt.step();
        return loss.item();
      });
    },
    tfjs(tf) {
      const x = tf.tensor2d(X, [N, D]), y = tf.tensor2d(Y, [N, 1]);
      const w = tf.variable(tf.zeros([D, 1])), b = tf.variable(tf.zeros([1]));
      const opt = tf.train.sgd(LR);
      return async () => {
        const loss = opt.minimize(() => tf.losses.meanSquaredError(y, x.matMul(w).add(b)) as TF.Scalar, true)!;
        const v = (await loss.data())[0]; loss.dispose(); return v;
      };
    },
    plain() {
      const w = new Float64Array(D); let b = 0;
      return () => {
        const g = new Float64Array(D); let gb = 0, loss = 0;
        for (let i = 0; i < N; i++) {
          let z = b; for (let j = 0; j < D; j++) z += X[i * D + j] * w[j];
          const r = z - Y[i]; loss += r * r;
          const d = (2 * r) / N; gb += d; for (let j = 0; j < D; j++) g[j] += d * X[i * D + j];
        }
        for (let j = 0; j < D; j++) w[j] -= LR * g[j]; b -= LR * gb;
        return loss / N;
      };
    },
  };
})();

/** MLP 2-64-64-2 with ReLU and cross-entropy on 1,000 points. */
const mlp: Workload = (() => {
  const N = 1000, D = 2, H = 64, C = 2, X = data(N, D, 3), Y = labels(X, N, D);
  const init = (r: number, c: number, seed: number) => data(r, c, seed).map((v) => v / Math.sqrt(r));
  const W1 = init(D, H, 4), W2 = init(H, H, 5), W3 = init(H, C, 6);
  return {
    name: 'MLP 2-64-64-2 (1,000 points)',
    engine() {
      const x = E.tensor(X, { shape: [N, D] }), y = E.tensor(Y, { shape: [N] });
      const ps = [E.tensor(W1, { shape: [D, H], requiresGrad: true }), E.zeros([H], { requiresGrad: true }),
        E.tensor(W2, { shape: [H, H], requiresGrad: true }), E.zeros([H], { requiresGrad: true }),
        E.tensor(W3, { shape: [H, C], requiresGrad: true }), E.zeros([C], { requiresGrad: true })];
      const opt = new E.optim.SGD(ps, { lr: LR });
      return () => E.tidy(() => {
        opt.zeroGrad();
        const h1 = x.matmul(ps[0]).add(ps[1]).relu();
        const h2 = h1.matmul(ps[2]).add(ps[3]).relu();
        const loss = E.F.crossEntropy(h2.matmul(ps[4]).add(ps[5]), y);
        loss.backward(); opt.step();
        return loss.item();
      });
    },
    tfjs(tf) {
      const x = tf.tensor2d(X, [N, D]), y = tf.oneHot(tf.tensor1d(Y, 'int32'), C);
      const ps = [tf.variable(tf.tensor2d(W1, [D, H])), tf.variable(tf.zeros([H])), tf.variable(tf.tensor2d(W2, [H, H])),
        tf.variable(tf.zeros([H])), tf.variable(tf.tensor2d(W3, [H, C])), tf.variable(tf.zeros([C]))];
      const opt = tf.train.sgd(LR);
      return async () => {
        const loss = opt.minimize(() => {
          const h1 = tf.relu(x.matMul(ps[0]).add(ps[1]));
          const h2 = tf.relu(h1.matMul(ps[2]).add(ps[3]));
          return tf.losses.softmaxCrossEntropy(y, h2.matMul(ps[4]).add(ps[5])) as TF.Scalar;
        }, true)!;
        const v = (await loss.data())[0]; loss.dispose(); return v;
      };
    },
    plain() {
      const w1 = Float64Array.from(W1), w2 = Float64Array.from(W2), w3 = Float64Array.from(W3);
      const b1 = new Float64Array(H), b2 = new Float64Array(H), b3 = new Float64Array(C);
      const h1 = new Float64Array(H), h2 = new Float64Array(H), o = new Float64Array(C);
      const d1 = new Float64Array(H), d2 = new Float64Array(H), d3 = new Float64Array(C);
      return () => {
        const g1 = new Float64Array(D * H), g2 = new Float64Array(H * H), g3 = new Float64Array(H * C);
        const gb1 = new Float64Array(H), gb2 = new Float64Array(H), gb3 = new Float64Array(C);
        let loss = 0;
        for (let i = 0; i < N; i++) {
          for (let j = 0; j < H; j++) { let s = b1[j]; for (let k = 0; k < D; k++) s += X[i * D + k] * w1[k * H + j]; h1[j] = s > 0 ? s : 0; }
          for (let j = 0; j < H; j++) { let s = b2[j]; for (let k = 0; k < H; k++) s += h1[k] * w2[k * H + j]; h2[j] = s > 0 ? s : 0; }
          let mx = -Infinity;
          for (let j = 0; j < C; j++) { let s = b3[j]; for (let k = 0; k < H; k++) s += h2[k] * w3[k * C + j]; o[j] = s; mx = Math.max(mx, s); }
          let z = 0; for (let j = 0; j < C; j++) z += Math.exp(o[j] - mx);
          loss += Math.log(z) + mx - o[Y[i]];
          for (let j = 0; j < C; j++) d3[j] = (Math.exp(o[j] - mx) / z - (j === Y[i] ? 1 : 0)) / N;
          for (let k = 0; k < H; k++) { let s = 0; for (let j = 0; j < C; j++) { s += d3[j] * w3[k * C + j]; g3[k * C + j] += h2[k] * d3[j]; } d2[k] = h2[k] > 0 ? s : 0; }
          for (let j = 0; j < C; j++) gb3[j] += d3[j];
          for (let k = 0; k < H; k++) { let s = 0; for (let j = 0; j < H; j++) { s += d2[j] * w2[k * H + j]; g2[k * H + j] += h1[k] * d2[j]; } d1[k] = h1[k] > 0 ? s : 0; }
          for (let j = 0; j < H; j++) gb2[j] += d2[j];
          for (let k = 0; k < D; k++) for (let j = 0; j < H; j++) g1[k * H + j] += X[i * D + k] * d1[j];
          for (let j = 0; j < H; j++) gb1[j] += d1[j];
        }
        const upd = (p: Float64Array, g: Float64Array) => { for (let i = 0; i < p.length; i++) p[i] -= LR * g[i]; };
        upd(w1, g1); upd(w2, g2); upd(w3, g3); upd(b1, gb1); upd(b2, gb2); upd(b3, gb3);
        return loss / N;
      };
    },
  };
})();

/** One attention head: seq 32, width 64, q/k/v projections, softmax(q kᵀ/√d) v, MSE to a target. */
const attention: Workload = (() => {
  const S = 32, Dm = 64, X = data(S, Dm, 7), T = data(S, Dm, 8);
  const Wq = data(Dm, Dm, 9).map((v) => v / 8), Wk = data(Dm, Dm, 10).map((v) => v / 8), Wv = data(Dm, Dm, 11).map((v) => v / 8);
  const scale = 1 / Math.sqrt(Dm);
  return {
    name: 'attention head (seq 32, width 64)',
    engine() {
      const x = E.tensor(X, { shape: [S, Dm] }), t = E.tensor(T, { shape: [S, Dm] });
      const ws = [Wq, Wk, Wv].map((w) => E.tensor(w, { shape: [Dm, Dm], requiresGrad: true }));
      const opt = new E.optim.SGD(ws, { lr: LR });
      return () => E.tidy(() => {
        opt.zeroGrad();
        const q = x.matmul(ws[0]), k = x.matmul(ws[1]), v = x.matmul(ws[2]);
        const p = q.matmul(k.transpose()).mul(scale).softmax(-1);
        const loss = E.F.mseLoss(p.matmul(v), t);
        loss.backward(); opt.step();
        return loss.item();
      });
    },
    tfjs(tf) {
      const x = tf.tensor2d(X, [S, Dm]), t = tf.tensor2d(T, [S, Dm]);
      const ws = [Wq, Wk, Wv].map((w) => tf.variable(tf.tensor2d(w, [Dm, Dm])));
      const opt = tf.train.sgd(LR);
      return async () => {
        const loss = opt.minimize(() => {
          const q = x.matMul(ws[0]), k = x.matMul(ws[1]), v = x.matMul(ws[2]);
          const p = tf.softmax(q.matMul(k, false, true).mul(scale));
          return tf.losses.meanSquaredError(t, p.matMul(v)) as TF.Scalar;
        }, true)!;
        const v = (await loss.data())[0]; loss.dispose(); return v;
      };
    },
    plain() {
      const wq = Float64Array.from(Wq), wk = Float64Array.from(Wk), wv = Float64Array.from(Wv);
      // c[m,n] = a[m,k] b[k,n] with optional transposes (row-major)
      const mm = (a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number, ta = false, tb = false) => {
        const c = new Float64Array(m * n);
        for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
          const av = ta ? a[p * m + i] : a[i * k + p];
          for (let j = 0; j < n; j++) c[i * n + j] += av * (tb ? b[j * k + p] : b[p * n + j]);
        }
        return c;
      };
      return () => {
        const q = mm(X, wq, S, Dm, Dm), k = mm(X, wk, S, Dm, Dm), v = mm(X, wv, S, Dm, Dm);
        const s = mm(q, k, S, Dm, S, false, true);
        const p = new Float64Array(S * S);
        for (let i = 0; i < S; i++) {
          let mx = -Infinity; for (let j = 0; j < S; j++) mx = Math.max(mx, s[i * S + j] * scale);
          let z = 0; for (let j = 0; j < S; j++) { p[i * S + j] = Math.exp(s[i * S + j] * scale - mx); z += p[i * S + j]; }
          for (let j = 0; j < S; j++) p[i * S + j] /= z;
        }
        const o = mm(p, v, S, S, Dm);
        let loss = 0; const go = new Float64Array(S * Dm);
        for (let i = 0; i < o.length; i++) { const r = o[i] - T[i]; loss += r * r; go[i] = (2 * r) / o.length; }
        const gp = mm(go, v, S, Dm, S, false, true), gv = mm(p, go, S, S, Dm, true);
        const gs = new Float64Array(S * S);
        for (let i = 0; i < S; i++) {
          let dot = 0; for (let j = 0; j < S; j++) dot += gp[i * S + j] * p[i * S + j];
          for (let j = 0; j < S; j++) gs[i * S + j] = p[i * S + j] * (gp[i * S + j] - dot) * scale;
        }
        const gq = mm(gs, k, S, S, Dm), gk = mm(gs, q, S, S, Dm, true);
        const gwq = mm(X, gq, Dm, S, Dm, true), gwk = mm(X, gk, Dm, S, Dm, true), gwv = mm(X, gv, Dm, S, Dm, true);
        for (let i = 0; i < wq.length; i++) { wq[i] -= LR * gwq[i]; wk[i] -= LR * gwk[i]; wv[i] -= LR * gwv[i]; }
        return loss / o.length;
      };
    },
  };
})();

export const WORKLOADS: Workload[] = [logistic, house, mlp, attention];
