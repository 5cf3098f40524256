/** Module.stateDict / loadStateDict, and the GBCK checkpoint format: CRC-32, float16, int8, hostile files. */
import { describe, expect, it } from 'vitest';
import { tensor, randn, zeros, Generator, nn, checkpoint, withBackend, type Tensor } from '../../kernels/index.ts';

const { encodeCheckpoint, decodeCheckpoint, loadCheckpointInto, crc32, toFloat16Bits, fromFloat16Bits } = checkpoint;

/** A small model with nested modules and an array of blocks, as a GPT has. */
class Block extends nn.Module {
  ln = new nn.Linear(4, 4, { generator: new Generator(1) });
  mlp = new nn.Sequential(new nn.Linear(4, 8, { generator: new Generator(2) }), new nn.ReLU(), new nn.Linear(8, 4, { bias: false }));
}
class Tiny extends nn.Module {
  blocks: Block[];
  head: nn.Linear;
  constructor(width = 4, seed = 0) {
    super();
    this.blocks = [new Block(), new Block()];
    this.head = new nn.Linear(4, width, { generator: new Generator(seed) });
  }
  forward(x: Tensor): Tensor {
    for (const b of this.blocks) x = b.mlp.call(b.ln.call(x));
    return this.head.call(x);
  }
}

const values = (t: Tensor) => [...t.dataSync()];

describe('Module.stateDict / loadStateDict', () => {
  it('names parameters with dots in declaration order, arrays by index', () => {
    const sd = new Tiny().stateDict();
    expect(Object.keys(sd)).toEqual([
      'blocks.0.ln.weight', 'blocks.0.ln.bias', 'blocks.0.mlp.layers.0.weight', 'blocks.0.mlp.layers.0.bias', 'blocks.0.mlp.layers.2.weight',
      'blocks.1.ln.weight', 'blocks.1.ln.bias', 'blocks.1.mlp.layers.0.weight', 'blocks.1.mlp.layers.0.bias', 'blocks.1.mlp.layers.2.weight',
      'head.weight', 'head.bias',
    ]);
    expect(sd['head.weight'].shape).toEqual([4, 4]);
    expect(sd['head.weight'].requiresGrad).toBe(false); // detached, sharing storage
  });
  it('copies values into another model, keeping parameter identity and not sharing storage', () => {
    const a = new Tiny(4, 1), b = new Tiny(4, 2);
    const w = b.head.weight;
    expect(values(b.head.weight)).not.toEqual(values(a.head.weight));
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.head.weight).toBe(w);
    expect(values(b.head.weight)).toEqual(values(a.head.weight));
    a.head.weight.assign(zeros([4, 4]));
    expect(values(b.head.weight)).not.toEqual(values(a.head.weight));
  });
  it('strict: missing and unexpected keys are errors; non-strict reports them', () => {
    const m = new Tiny();
    const sd: Record<string, Tensor> = m.stateDict();
    delete sd['head.bias'];
    sd['extra.weight'] = zeros([1]);
    expect(() => m.loadStateDict(sd)).toThrow('loadStateDict: missing keys head.bias; unexpected keys extra.weight (pass { strict: false } to load the rest)');
    expect(m.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['head.bias'], unexpectedKeys: ['extra.weight'] });
  });
  it('a shape mismatch is an error naming both shapes, and nothing is written', () => {
    const m = new Tiny(), other = new Tiny(3, 5);
    const before = values(m.blocks[0].ln.weight);
    expect(() => m.loadStateDict(other.stateDict())).toThrow('loadStateDict: head.weight has shape [4,4], checkpoint has [3,4]');
    expect(() => m.loadStateDict(other.stateDict(), { strict: false })).toThrow(/head.weight has shape/);
    expect(values(m.blocks[0].ln.weight)).toEqual(before);
  });
  it('accepts plain arrays (a Map of { shape, data }) and checks their length', () => {
    const m = new nn.Linear(2, 1);
    m.loadStateDict(new Map([['weight', { shape: [1, 2], data: [3, 4] }], ['bias', { shape: [1], data: Float32Array.of(5) }]]));
    expect(m.weight.toArray()).toEqual([[3, 4]]);
    expect(m.bias!.toArray()).toEqual([5]);
    expect(() => m.loadStateDict({ weight: { shape: [1, 2], data: [1] }, bias: { shape: [1], data: [0] } }))
      .toThrow('loadStateDict: weight has 1 values for shape [1,2]');
  });
  it('loads onto the parameter’s own backend', () => {
    const m = withBackend('cpu', () => new nn.Linear(2, 1));
    m.loadStateDict({ weight: tensor([[0.5, 0.25]]), bias: tensor([1]) });
    expect(m.weight.backend).toBe('cpu');
    expect(m.weight.toArray()).toEqual([[0.5, 0.25]]);
  });
});

describe('CRC-32 and float16', () => {
  it('CRC-32 of "123456789" is 0xCBF43926 (the IEEE check value)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
  it('float16 edge cases: signed zero, subnormals, ties to even, overflow, inf and nan', () => {
    const cases: [number, number][] = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.1, 0x2e66], [Math.fround(0.1), 0x2e66],
      [65504, 0x7bff], [65519.99, 0x7bff], [65520, 0x7c00], [1e6, 0x7c00], [-1e6, 0xfc00],
      [Infinity, 0x7c00], [-Infinity, 0xfc00],
      [2 ** -14, 0x0400], [1023 * 2 ** -24, 0x03ff], [2 ** -24, 0x0001],
      [2 ** -25, 0x0000], [2 ** -25 * 1.0001, 0x0001], [3 * 2 ** -25, 0x0002], [-(2 ** -26), 0x8000],
      [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [1 + 2 ** -11 + 2 ** -30, 0x3c01],
      [2047.5 * 2 ** -24, 0x0800], [2047.5 * 2 ** -23, 0x0c00], // ties to even carry into the next binade
    ];
    for (const [x, bits] of cases) expect(toFloat16Bits(x), `toFloat16Bits(${x})`).toBe(bits);
    expect(toFloat16Bits(NaN)).toBe(0x7e00);
    expect(fromFloat16Bits(0x7e00)).toBeNaN();
    expect(Object.is(fromFloat16Bits(0x8000), -0)).toBe(true);
    expect(fromFloat16Bits(0x7bff)).toBe(65504);
    expect(fromFloat16Bits(0x0001)).toBe(2 ** -24);
  });
  it('every finite or infinite float16 survives bits → number → bits', () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = fromFloat16Bits(h);
      if (Number.isNaN(x)) continue;
      if (toFloat16Bits(x) !== h) expect.fail(`0x${h.toString(16)} → ${x} → 0x${toFloat16Bits(x).toString(16)}`);
    }
  });
  const F16 = (globalThis as { Float16Array?: new (n: number) => { [i: number]: number; buffer: ArrayBuffer } }).Float16Array;
  it.skipIf(!F16)('agrees with the platform Float16Array on 2e5 random float32 and float64 values', () => {
    const f16 = new F16!(1), bits = new Uint16Array(f16.buffer), g = new Generator(8);
    for (let i = 0; i < 200_000; i++) {
      const x = (g.uniform() - 0.5) * 2 ** (g.int(50) - 30);
      for (const v of [x, Math.fround(x)]) {
        f16[0] = v;
        if (toFloat16Bits(v) !== bits[0]) expect.fail(`${v}: ours 0x${toFloat16Bits(v).toString(16)}, platform 0x${bits[0].toString(16)}`);
      }
    }
  });
});

describe('checkpoint format', () => {
  const g = new Generator(3);
  const gaussian = (shape: number[], scale = 1) => ({ shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * g.normal()) });
  const dict = { 'wte.weight': gaussian([16, 8]), 'ln.bias': gaussian([8], 0.01), 'proj.weight': gaussian([3, 2, 5], 30), 'zero': { shape: [2, 3], data: new Float32Array(6) }, 'scalar': { shape: [], data: Float32Array.of(-7.5) } };
  const config = { nLayer: 2, vocab: ['a', 'b', '\n'], note: 'ü' };

  it('float32 round trip is exact, with config and tensor order preserved', () => {
    const out = decodeCheckpoint(encodeCheckpoint(dict, { config }));
    expect(out.config).toEqual(config);
    expect(out.version).toBe(1);
    expect([...out.tensors.keys()]).toEqual(Object.keys(dict));
    for (const [name, t] of Object.entries(dict)) {
      expect(out.tensors.get(name)!.shape).toEqual(t.shape);
      expect(out.tensors.get(name)!.data).toEqual(t.data);
    }
  });
  it('float16 round trip has relative error ≤ 2^-11', () => {
    const out = decodeCheckpoint(encodeCheckpoint(dict, { dtype: 'float16' }));
    for (const [name, t] of Object.entries(dict)) {
      const got = out.tensors.get(name)!.data;
      t.data.forEach((x, i) => expect(Math.abs(got[i] - x), `${name}[${i}]`).toBeLessThanOrEqual(Math.abs(x) * 2 ** -11));
    }
    expect(out.dtypes.get('wte.weight')).toBe('float16');
  });
  it('int8 round trip has absolute error ≤ scale/2 per row (rows = first dimension; rank < 2: one row)', () => {
    const out = decodeCheckpoint(encodeCheckpoint(dict, { dtype: 'int8' }));
    for (const [name, t] of Object.entries(dict)) {
      const rows = t.shape.length >= 2 ? t.shape[0] : 1, len = t.data.length / rows;
      const got = out.tensors.get(name)!.data;
      for (let r = 0; r < rows; r++) {
        const row = t.data.subarray(r * len, (r + 1) * len);
        const scale = Math.max(...row.map(Math.abs)) / 127;
        row.forEach((x, i) => expect(Math.abs(got[r * len + i] - x), `${name}[${r}][${i}]`).toBeLessThanOrEqual(scale / 2 * (1 + 1e-6)));
      }
    }
    expect(out.tensors.get('zero')!.data).toEqual(new Float32Array(6));
    expect(() => encodeCheckpoint({ w: { shape: [1], data: [Infinity] } }, { dtype: 'int8' })).toThrow(/int8 cannot store Infinity \(w\[0\]\)/);
  });
  it('dtype can be chosen per tensor; the header is readable JSON after 12 bytes', () => {
    const bytes = encodeCheckpoint(dict, { dtype: (_, shape) => (shape.length >= 2 ? 'int8' : 'float32') });
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('GBCK');
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + view.getUint32(8, true))));
    expect(header.tensors.map((e: { dtype: string }) => e.dtype)).toEqual(['int8', 'float32', 'int8', 'int8', 'float32']);
    for (const e of header.tensors) expect(e.offset % 8).toBe(0);
    expect(decodeCheckpoint(bytes).tensors.get('ln.bias')!.data).toEqual(dict['ln.bias'].data);
  });
  it('the same input gives the same bytes', () => {
    for (const dtype of ['float32', 'float16', 'int8'] as const) {
      expect(encodeCheckpoint(dict, { dtype, config })).toEqual(encodeCheckpoint(dict, { dtype, config }));
    }
  });
  it('loadCheckpointInto restores a model (same outputs)', () => {
    const a = new Tiny(4, 1), b = new Tiny(4, 2);
    const x = randn([3, 4], { generator: new Generator(0) });
    const { config: c, missingKeys } = loadCheckpointInto(b, encodeCheckpoint(a.stateDict(), { config: { width: 4 } }));
    expect(c).toEqual({ width: 4 });
    expect(missingKeys).toEqual([]);
    // float32 storage: each cpu64 weight comes back rounded to float32
    for (const [name, p] of Object.entries(b.stateDict())) expect(values(p), name).toEqual(values(a.stateDict()[name]).map(Math.fround));
    expect(values(b.call(x))).toEqual(values(a.call(x)).map((v) => expect.closeTo(v, 5)));
    expect(() => loadCheckpointInto(new Tiny(3), encodeCheckpoint(a.stateDict()))).toThrow('loadStateDict: head.weight has shape [3,4], checkpoint has [4,4]');
  });
});

/** A file with this header and data section and a correct checksum, for hostile-header tests. */
function forge(header: unknown, data = new Uint8Array(8), version = 1): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + json.length) / 8) * 8;
  const bytes = new Uint8Array(start + data.length + 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('GBCK'));
  view.setUint32(4, version, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  bytes.set(data, start);
  view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  return bytes;
}

describe('checkpoint rejects bad files with clear errors', () => {
  const good = encodeCheckpoint({ w: { shape: [2, 2], data: [1, 2, 3, 4] } }, { config: { a: 1 } });
  const entry = { name: 'w', shape: [2], dtype: 'float32', offset: 0, byteLength: 8 };
  const header = (tensors: unknown[], extra = {}) => ({ createdBy: 'test', config: null, dataByteLength: 8, tensors, ...extra });

  it('a forged but valid file decodes (the forge helper is right)', () => {
    const data = new Uint8Array(Float32Array.of(1.5, -2).buffer);
    expect(decodeCheckpoint(forge(header([entry]), data)).tensors.get('w')!.data).toEqual(Float32Array.of(1.5, -2));
  });
  it('wrong magic, short file, newer version', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0);
    expect(() => decodeCheckpoint(png)).toThrow('checkpoint: not a Gradbook checkpoint (magic 89 50 4e 47, expected 47 42 43 4b "GBCK")');
    expect(() => decodeCheckpoint(new Uint8Array(0))).toThrow(/not a Gradbook checkpoint \(magic missing/);
    expect(() => decodeCheckpoint(good.slice(0, 10))).toThrow('checkpoint: file is only 10 bytes (truncated)');
    expect(() => decodeCheckpoint(forge(header([]), new Uint8Array(8), 2))).toThrow('checkpoint: version 2 is newer than this engine reads (1)');
    expect(() => decodeCheckpoint(forge(header([]), new Uint8Array(8), 0))).toThrow('checkpoint: invalid version 0');
  });
  it('reads a view into a larger buffer (a Node Buffer from a pool)', () => {
    const big = new Uint8Array(good.length + 5);
    big.set(good, 5);
    expect(decodeCheckpoint(big.subarray(5)).tensors.get('w')!.data).toEqual(Float32Array.of(1, 2, 3, 4));
  });
  it('a truncated file and a flipped byte fail the checksum', () => {
    expect(() => decodeCheckpoint(good.slice(0, good.length - 9))).toThrow('checkpoint: checksum mismatch (file corrupt or truncated)');
    for (const at of [13, good.length - 10, good.length - 1]) {
      const bad = good.slice();
      bad[at] ^= 0x10;
      expect(() => decodeCheckpoint(bad), `byte ${at}`).toThrow('checkpoint: checksum mismatch (file corrupt or truncated)');
    }
  });
  it('offsets, lengths and shapes outside the file are rejected before reading', () => {
    const bad = (e: object) => () => decodeCheckpoint(forge(header([{ ...entry, ...e }])));
    expect(bad({ offset: 4 })).toThrow('checkpoint: tensor "w" (offset 4, 8 bytes) lies outside the data section (8 bytes)');
    expect(bad({ offset: 2 ** 40 })).toThrow(/lies outside the data section/);
    expect(bad({ offset: -8 })).toThrow(/invalid offset or byteLength/);
    expect(bad({ offset: '0' })).toThrow(/invalid offset or byteLength/);
    expect(bad({ byteLength: 4 })).toThrow('checkpoint: tensor "w" has byteLength 4, its shape needs 8');
    expect(bad({ shape: [1e9, 1e9] })).toThrow(/larger than the file/);
    expect(bad({ shape: [2, -1] })).toThrow(/invalid shape/);
    expect(bad({ dtype: 'float64' })).toThrow('checkpoint: tensor "w" has unknown dtype "float64"');
    expect(bad({ dtype: 'int8', byteLength: 2 })).toThrow(/scales has an invalid offset/);
    expect(bad({ name: '' })).toThrow(/has no name/);
    expect(() => decodeCheckpoint(forge(header([entry, entry])))).toThrow('checkpoint: tensor "w" appears twice');
    expect(() => decodeCheckpoint(forge(header([entry], { dataByteLength: 16 })))).toThrow('checkpoint: data section is 8 bytes, header says 16');
    expect(() => decodeCheckpoint(forge({ config: 1 }))).toThrow('checkpoint: header has no tensors list');
    expect(() => decodeCheckpoint(forge(header(['w'])))).toThrow('checkpoint: tensor entry 0 is not an object');
  });
  it('a header length past the end or a header that is not JSON', () => {
    const long = forge(header([]));
    new DataView(long.buffer).setUint32(8, 1e6, true);
    new DataView(long.buffer).setUint32(long.length - 4, crc32(long.subarray(0, long.length - 4)), true);
    expect(() => decodeCheckpoint(long)).toThrow('checkpoint: header length 1000000 runs past the end of the file');
    const junk = forge(header([]));
    junk[12] = 0x7b + 1; // '{' → '|'
    new DataView(junk.buffer).setUint32(junk.length - 4, crc32(junk.subarray(0, junk.length - 4)), true);
    expect(() => decodeCheckpoint(junk)).toThrow(/checkpoint: header is not valid UTF-8 JSON/);
  });
});
