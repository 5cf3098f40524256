import { describe, expect, it } from 'vitest';
import { F, manualSeed, randn, setBackend, tensor } from '../../kernels/index.ts';
import { formatNumber } from '../../src/cells/inspect.ts';
import { traceLoss } from '../../src/cells/trace.ts';

function logisticRegression() {
  setBackend('cpu64');
  manualSeed(1);
  const X = randn([4, 2]).label('X');
  const y = tensor([[1], [0], [1], [0]]).label('y');
  const w = randn([2, 1], { requiresGrad: true }).label('w');
  const b = tensor([0.1], { requiresGrad: true }).label('b');
  const z = X.matmul(w).add(b).label('z');
  const p = z.sigmoid().label('p');
  const loss = F.binaryCrossEntropy(p, y).label('L');
  return { X, y, w, b, z, p, loss };
}

describe('traceLoss', () => {
  it('steps forward op by op (composites folded), then the loss, then backward', () => {
    const { loss } = logisticRegression();
    const data = traceLoss(loss, { equations: [{ label: 'z', tex: 'z = Xw + b' }, { label: 'p', tex: 'p = \\sigma(z)' }] });
    const forward = data.steps.filter((s) => s.phase === 'forward').map((s) => s.title);
    expect(forward.slice(0, 3)).toEqual(['matmul', 'add', 'sigmoid']);
    expect(data.steps.find((s) => s.phase === 'loss')?.nodeIds).toEqual([loss.id]);
    const backward = data.steps.filter((s) => s.phase === 'backward');
    expect(backward.map((s) => s.title).slice(-4)).toEqual(['sigmoid', 'add', 'matmul', 'parameters']);
    expect(data.steps.find((s) => s.title === 'add')?.equation).toBe('z');
    expect(data.steps.find((s) => s.title === 'sigmoid')?.equation).toBe('p');
    expect(data.equations).toEqual([{ label: 'z', tex: 'z = Xw + b' }, { label: 'p', tex: 'p = \\sigma(z)' }]);
  });

  it('records the same gradients as autograd and leaves .grad as it was', () => {
    const { loss, w, b, p, y, X } = logisticRegression();
    loss.backward();
    const before = w.grad!.toArray() as number[][];
    const data = traceLoss(loss);
    expect(w.grad!.toArray()).toEqual(before);
    const wNode = data.nodes.find((n) => n.label === 'w')!;
    expect(wNode.grad).toEqual(before.map((row) => row.map(formatNumber)));
    // dL/dz = (p - y) / n for sigmoid + binary cross-entropy.
    const zNode = data.nodes.find((n) => n.label === 'z')!;
    expect(zNode.grad).toEqual((p.sub(y).div(4).toArray() as number[][]).map((r) => r.map(formatNumber)));
    expect(data.nodes.find((n) => n.label === 'X')?.op).toBe('constant');
    expect(b.grad).not.toBeNull();
  });

  it('refuses a non-scalar', () => {
    const { z } = logisticRegression();
    expect(() => traceLoss(z)).toThrow('trace: expected a scalar loss, got shape [4,1]');
  });
});
