/** `Tensor.toString()`: PyTorch-like printing, summarised (`...`) when large. */

const EDGE = 3; // items kept at each end of a summarised axis
const THRESHOLD = 1000; // summarise tensors with more elements than this

function num(v: number, integral: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (integral) return v.toFixed(0) + '.';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-4) ? v.toExponential(4) : v.toFixed(4);
}

/**
 * @example formatTensor(new Float64Array([1, 2]), [2]); // 'tensor([1., 2.])'
 */
export function formatTensor(data: ArrayLike<number>, shape: readonly number[], extra = ''): string {
  const summarise = data.length > THRESHOLD;
  let integral = true;
  for (let i = 0; i < data.length && integral; i++) integral = Number.isInteger(data[i]) || !Number.isFinite(data[i]);
  const cells: string[] = [];
  let width = 0;
  for (let i = 0; i < data.length; i++) {
    cells.push(num(data[i], integral));
    width = Math.max(width, cells[i].length);
  }
  const pad = (s: string) => s.padStart(width);
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  const indent = ' '.repeat('tensor('.length);

  function rec(dim: number, off: number): string {
    if (dim === shape.length) return pad(cells[off]);
    const n = shape[dim];
    const idx: (number | null)[] = [];
    if (summarise && n > 2 * EDGE) {
      for (let i = 0; i < EDGE; i++) idx.push(i);
      idx.push(null);
      for (let i = n - EDGE; i < n; i++) idx.push(i);
    } else for (let i = 0; i < n; i++) idx.push(i);
    const parts = idx.map((i) => (i === null ? '...' : rec(dim + 1, off + i * strides[dim])));
    const last = dim === shape.length - 1;
    const sep = last ? ', ' : ',' + '\n'.repeat(shape.length - dim - 1) + indent + ' '.repeat(dim + 1);
    return '[' + parts.join(sep) + ']';
  }
  return `tensor(${rec(0, 0)}${extra})`;
}
