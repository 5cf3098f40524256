/** Autograd: accumulation, noGrad, detach, the errors backward raises, numerics checks, the tape. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  tensor, ones, noGrad, setBackend, setCheckNumerics, tapeOf, recordTape, runOp, registerGradient,
  maximum, F, tidy, memory, zeros, max,
} from '../../kernels/index.ts';

afterEach(() => {
  setBackend('cpu64');
  setCheckNumerics(false);
});

describe('backward', () => {
  it('gradients accumulate across backward calls', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    expect(w.grad!.toArray()).toEqual([6, 6]);
  });

  it('a tensor used twice gets the sum of both paths', () => {
    const x = tensor(3, { requiresGrad: true });
    x.mul(x).add(x).backward(); // d(x² + x) = 2x + 1
    expect(x.grad!.item()).toBe(7);
  });

  it('backward on a non-scalar names the shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('backward: can only be called on a scalar, got shape [2]');
  });

  it('backward on a non-scalar accepts an explicit gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(2).backward(tensor([1, 10]));
    expect(x.grad!.toArray()).toEqual([2, 20]);
  });

  it('backward on a tensor that does not require grad fails loudly', () => {
    expect(() => tensor([1]).sum().backward()).toThrow(/does not require grad/);
  });

  it('an op without a registered gradient on the path fails naming the op', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = runOp('mystery', [x], x.shape, (be, [s]) => be.unary('copy', s, 2));
    expect(() => y.sum().backward()).toThrow("backward: op 'mystery' has no gradient");
  });

  it('a gradient whose shape differs from its input fails naming the op', () => {
    registerGradient('badShape', (dy) => [() => dy.sum()]);
    const x = tensor([1, 2], { requiresGrad: true });
    const y = runOp('badShape', [x], x.shape, (be, [s]) => be.unary('copy', s, 2));
    expect(() => y.sum().backward()).toThrow("backward: gradient of 'badShape' for input 0 has shape [] but the input has shape [2]");
  });

  it('noGrad records nothing', () => {
    const w = tensor([1], { requiresGrad: true });
    const y = noGrad(() => w.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
  });

  it('detach cuts the graph', () => {
    const w = tensor([2], { requiresGrad: true });
    const y = w.mul(w.detach()).sum(); // d/dw = w.detach() only
    y.backward();
    expect(w.grad!.toArray()).toEqual([2]);
  });

  it('comparisons and argmax never require grad', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(w.gt(1).requiresGrad).toBe(false);
    expect(w.argmax().requiresGrad).toBe(false);
  });

  it('subgradients follow PyTorch: relu and abs give 0 at 0, sigmoid gives 1/4', () => {
    const x = tensor([0, 0, 0], { requiresGrad: true });
    x.relu().sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
    const y = tensor(0, { requiresGrad: true });
    y.abs().backward();
    expect(y.grad!.item()).toBe(0);
    const z = tensor(0, { requiresGrad: true });
    z.sigmoid().backward();
    expect(z.grad!.item()).toBe(0.25);
  });

  it('ties share the gradient in max and maximum', () => {
    const x = tensor([3, 1, 3], { requiresGrad: true });
    max(x).backward();
    expect(x.grad!.toArray()).toEqual([0.5, 0, 0.5]);
    const a = tensor(2, { requiresGrad: true }), b = tensor(2, { requiresGrad: true });
    maximum(a, b).backward();
    expect([a.grad!.item(), b.grad!.item()]).toEqual([0.5, 0.5]);
  });

  it('binaryCrossEntropyWithLogits has gradient sigmoid(x) - y, also at x = 0', () => {
    const x = tensor([0, 3, -2], { requiresGrad: true });
    F.binaryCrossEntropyWithLogits(x, tensor([1, 0, 1]), { reduction: 'sum' }).backward();
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const g = x.grad!.toArray() as number[];
    [s(0) - 1, s(3), s(-2) - 1].forEach((e, i) => expect(g[i]).toBeCloseTo(e, 12));
  });
});

describe('error messages name the op and shapes', () => {
  it('matmul', () => expect(() => ones([2, 3]).matmul(ones([4, 1]))).toThrow('matmul: shapes [2,3] and [4,1] do not align (3 != 4)'));
  it('add', () => expect(() => ones([2, 3]).add(ones([4]))).toThrow('add: shapes [2,3] and [4] cannot broadcast'));
  it('mul', () => expect(() => ones([3]).mul(ones([2]))).toThrow('mul: shapes [3] and [2] cannot broadcast'));
  it('reshape', () => expect(() => ones([2, 3]).reshape(4, 2)).toThrow('reshape: cannot reshape [2,3] (6 elements) into [4,2]'));
  it('axis out of range', () => expect(() => ones([2, 3]).sum(2)).toThrow('sum: axis 2 out of range for shape [2,3]'));
  it('indexSelect out of range', () => expect(() => ones([4, 2]).indexSelect(0, [5])).toThrow('indexSelect: index 5 out of range for axis 0 of shape [4,2]'));
  it('ragged nested arrays', () => expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array at depth 1 (expected length 2, got length 1)'));
  it('item on a non-scalar', () => expect(() => ones([2]).item()).toThrow('item: tensor has shape [2], expected one element'));
  it('a loss with mismatched shapes', () => expect(() => F.mseLoss(ones([2]), ones([3]))).toThrow('mseLoss: input shape [2] and target shape [3] differ'));
  it('using a disposed tensor', () => {
    const x = ones([2]).label('x');
    x.dispose();
    expect(() => x.add(1)).toThrow(/add: tensor #\d+ 'x' \[2\] was disposed/);
  });
  it('a plain array operand', () => expect(() => ones([2]).add([1, 2] as never)).toThrow('add: expected a Tensor or a number, got an array'));
});

describe('check numerics', () => {
  it('throws naming the op that produced NaN', () => {
    setCheckNumerics(true);
    expect(() => tensor([1, -1]).log()).toThrow('log: produced NaN at flat index 1 (output shape [2])');
  });

  it('names the op whose gradient is not finite', () => {
    const x = tensor([0], { requiresGrad: true });
    const y = x.sqrt().sum(); // forward is fine: sqrt(0) = 0
    setCheckNumerics(true);
    expect(() => y.backward()).toThrow(/backward of sqrt: div: produced Inf/);
  });

  it('warn mode logs and carries on', () => {
    setCheckNumerics('warn');
    const warnings: string[] = [];
    const orig = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      tensor([0]).log();
    } finally {
      console.warn = orig;
    }
    expect(warnings).toEqual(['log: produced -Inf at flat index 0 (output shape [1])']);
  });
});

describe('tape', () => {
  it('tapeOf lists nodes in topological order with ids, ops, inputs, labels and grads', () => {
    const x = tensor([[1, 2]]).label('x');
    const w = tensor([[3], [4]], { requiresGrad: true }).label('w');
    const b = tensor([0.5], { requiresGrad: true }).label('b');
    const y = x.matmul(w).label('xw');
    const loss = y.add(b).sum().label('loss');
    loss.backward(undefined, { retainGrad: true });
    const tape = tapeOf(loss);
    expect(tape.map((n) => n.op)).toEqual(['constant', 'leaf', 'matmul', 'leaf', 'add', 'sum']);
    const byLabel = Object.fromEntries(tape.map((n) => [n.label ?? n.op, n]));
    expect(byLabel.xw.inputs).toEqual([x.id, w.id]);
    expect(byLabel.xw.value).toEqual([[11]]);
    expect(byLabel.xw.grad).toEqual([[1]]);
    expect(byLabel.w.grad).toEqual([[1], [2]]);
    expect(byLabel.loss.shape).toEqual([]);
    expect(byLabel.loss.value).toBe(11.5);
    tape.forEach((n, i) => n.inputs.forEach((id) => expect(tape.findIndex((m) => m.id === id)).toBeLessThan(i)));
  });

  it('recordTape records ops even when nothing requires grad, with attributes', () => {
    const x = tensor([[1, 2], [3, 4]]).label('x');
    const { result, nodes } = recordTape(() => x.sum(1).mul(2));
    expect(nodes.map((n) => n.op)).toEqual(['constant', 'sum', 'constant', 'mul']);
    expect(nodes[1].attrs).toEqual({ axes: [1], keepDims: false });
    expect(nodes[0].label).toBe('x');
    expect(result.toArray()).toEqual([6, 14]);
  });

  it('recordTape around backward records the backward ops, grouped per forward op', () => {
    const w = tensor([1, 2], { requiresGrad: true }).label('w');
    const { nodes } = recordTape(() => w.exp().sum().backward());
    const groups = nodes.flatMap((n) => n.group).map((g) => g.split('#')[0]);
    expect(groups).toContain('backward:exp');
    expect(nodes.some((n) => n.op === 'mul' && n.group[0].startsWith('backward:exp'))).toBe(true);
  });
});

describe('tidy and memory', () => {
  it('tidy frees intermediates and keeps the result', () => {
    const x = ones([3]);
    const before = memory().numTensors;
    const y = tidy(() => x.mul(2).add(1).exp());
    expect(memory().numTensors).toBe(before + 1);
    expect(y.isDisposed).toBe(false);
  });

  it('tidy keeps gradients of leaves', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    tidy(() => w.mul(w).sum().backward());
    expect(w.grad!.toArray()).toEqual([2, 4]);
  });

  it('reshape shares storage (bytes counted once)', () => {
    const x = zeros([1000]);
    const before = memory().numBytes;
    const y = x.reshape(10, 100);
    expect(memory().numBytes).toBe(before);
    x.dispose();
    expect(y.sum().item()).toBe(0);
  });
});
