/**
 * Dense linear algebra on the host in float64: Gaussian elimination with partial pivoting and
 * Householder least squares. Matrices are row-major Float64Arrays; right-hand sides have k columns.
 * The ops in solve.ts and lstsq.ts read their inputs here and upload the result, so a float32
 * backend loses precision only in its storage, not in the elimination.
 */

/** Row-major float64 matrix. */
export interface HostMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Throws `${op}: ${what} has a non-finite entry` (elimination would turn one NaN into all NaN). */
export function requireFinite(m: HostMatrix, op: string, what: string): void {
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) throw new Error(`${op}: ${what} has a non-finite entry at ${Math.floor(i / m.cols)}, ${i % m.cols}`);
  }
}

/** Largest |entry| (the scale the singularity test is relative to). */
function maxAbs(data: Float64Array): number {
  let m = 0;
  for (const v of data) m = Math.max(m, Math.abs(v));
  return m;
}

/** Swap rows r and p of a row-major matrix with `cols` columns. */
function swapRows(a: Float64Array, cols: number, r: number, p: number): void {
  if (r === p) return;
  for (let j = 0; j < cols; j++) {
    const t = a[r * cols + j];
    a[r * cols + j] = a[p * cols + j];
    a[p * cols + j] = t;
  }
}

/** Index of the row at or below k with the largest |a[i][k]| (partial pivoting). */
function pivotRow(a: Float64Array, n: number, k: number): number {
  let p = k;
  for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[p * n + k])) p = i;
  return p;
}

/**
 * X with A X = B (A n × n, B n × k), by Gaussian elimination with partial pivoting: at each column
 * the row with the largest pivot moves up, so no multiplier exceeds 1 in size and rounding errors
 * stay bounded (Golub & Van Loan, Matrix Computations, §3.4). A pivot below n·ε·max|A| means A is
 * singular to working precision, and the error says so instead of returning huge numbers.
 * @example gaussSolve({ rows: 2, cols: 2, data: Float64Array.of(2, 1, 1, 3) }, { rows: 2, cols: 1, data: Float64Array.of(3, 5) }); // [0.8, 1.4]
 */
export function gaussSolve(A: HostMatrix, B: HostMatrix, op = 'linalg.solve'): Float64Array {
  const n = A.rows, k = B.cols;
  const a = Float64Array.from(A.data), b = Float64Array.from(B.data);
  const tiny = n * Number.EPSILON * maxAbs(a);
  for (let c = 0; c < n; c++) {
    const p = pivotRow(a, n, c);
    if (!(Math.abs(a[p * n + c]) > tiny)) {
      throw new Error(`${op}: A is singular (no usable pivot in column ${c}: its rows are linearly dependent)`);
    }
    swapRows(a, n, c, p);
    swapRows(b, k, c, p);
    for (let i = c + 1; i < n; i++) {
      const f = a[i * n + c] / a[c * n + c];
      if (f === 0) continue;
      for (let j = c; j < n; j++) a[i * n + j] -= f * a[c * n + j];
      for (let j = 0; j < k; j++) b[i * k + j] -= f * b[c * k + j];
    }
  }
  return backSubstitute(a, n, b, k);
}

/** X with U X = B for the upper triangle U of the n × n row-major `u` (B n × k, overwritten). */
function backSubstitute(u: Float64Array, n: number, b: Float64Array, k: number): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    for (let j = 0; j < k; j++) {
      let s = b[i * k + j];
      for (let c = i + 1; c < n; c++) s -= u[i * n + c] * b[c * k + j];
      b[i * k + j] = s / u[i * n + i];
    }
  }
  return b;
}

/** [X; √l2·I] and [Y; 0]: ridge regression as an ordinary least-squares problem. */
function augment(X: HostMatrix, Y: HostMatrix, l2: number): [HostMatrix, HostMatrix] {
  if (l2 === 0) return [X, Y];
  const d = X.cols, k = Y.cols, rows = X.rows + d;
  const a = new Float64Array(rows * d), b = new Float64Array(rows * k);
  a.set(X.data);
  b.set(Y.data);
  for (let j = 0; j < d; j++) a[(X.rows + j) * d + j] = Math.sqrt(l2);
  return [{ rows, cols: d, data: a }, { rows, cols: k, data: b }];
}

/**
 * W minimising ‖XW − Y‖² + l2·‖W‖² (X n × d, Y n × k), by Householder QR of [X; √l2·I]: R W = Qᵀ[Y; 0].
 * QR works with X itself, whose condition number is the square root of XᵀX's, so raw features
 * (a year near 2000 beside a room count near 3) keep about twice the digits the normal equations
 * would (Golub & Van Loan, §5.3). Rank-deficient X (with l2 = 0) is an error, not a minimum-norm answer.
 */
export function householderLstsq(X: HostMatrix, Y: HostMatrix, l2: number, op = 'linalg.lstsq'): Float64Array {
  const [A, B] = augment(X, Y, l2);
  const m = A.rows, d = A.cols, k = B.cols;
  if (m < d) throw new Error(`${op}: X is ${X.rows} × ${d}: fewer rows than columns has no unique solution (pass { l2 } > 0)`);
  const a = Float64Array.from(A.data), b = Float64Array.from(B.data);
  const tiny = Math.max(m, d) * Number.EPSILON * maxAbs(a);
  for (let c = 0; c < d; c++) {
    const v = householderVector(a, m, d, c);
    if (!(Math.abs(a[c * d + c]) > tiny)) {
      throw new Error(`${op}: X has linearly dependent columns (column ${c}); drop one or pass { l2 } > 0`);
    }
    if (v) {
      reflect(a, m, d, c + 1, c, v);
      reflect(b, m, k, 0, c, v);
    }
  }
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) r[i * d + j] = a[i * d + j];
  return backSubstitute(r, d, b.slice(0, d * k), k);
}

/**
 * Householder vector v (rows c..m−1) that maps column c below the diagonal to zero; writes the new
 * diagonal entry −sign(x₀)·‖x‖ into `a` (the sign avoids cancellation). null when the column is already zero.
 */
function householderVector(a: Float64Array, m: number, d: number, c: number): Float64Array | null {
  let norm = 0;
  for (let i = c; i < m; i++) norm = Math.hypot(norm, a[i * d + c]);
  if (norm === 0) return null;
  const x0 = a[c * d + c];
  const alpha = x0 > 0 ? -norm : norm;
  const v = new Float64Array(m - c);
  for (let i = c; i < m; i++) v[i - c] = a[i * d + c];
  v[0] -= alpha;
  a[c * d + c] = alpha;
  for (let i = c + 1; i < m; i++) a[i * d + c] = 0;
  return v;
}

/** M ← (I − 2vvᵀ/vᵀv)·M on rows c.. and columns from `fromCol` of the m × cols row-major M. */
function reflect(M: Float64Array, m: number, cols: number, fromCol: number, c: number, v: Float64Array): void {
  let vv = 0;
  for (const x of v) vv += x * x;
  for (let j = fromCol; j < cols; j++) {
    let dot = 0;
    for (let i = c; i < m; i++) dot += v[i - c] * M[i * cols + j];
    const f = (2 * dot) / vv;
    for (let i = c; i < m; i++) M[i * cols + j] -= f * v[i - c];
  }
}
