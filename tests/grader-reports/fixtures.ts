/** Test fixtures: a GradeRun with hostile strings, and zip builders (normal, bomb, liar). */
import { crc32 as zlibCrc32 } from 'node:zlib';
import { zipSync } from 'fflate';
import type { ExerciseResult, GradeRun, StudentResult, TestResult } from '../../grader/records.ts';

export const HOSTILE_OUTPUT = [
  '<script>alert(1)</script>', '</style><script src=x></script>', `"quoted" 'single' & <b>`,
  'abc\u202Eevil\u202C', 'ctrl\u0007\u001b[31mred', '\uD800lone',
].join('\n');
export const MEGABYTE_OUTPUT = 'x'.repeat(1 << 20);

function test(exercise: string, i: number, over: Partial<TestResult> = {}): TestResult {
  return { id: `${exercise}/${i}`, name: `test ${i}`, score: 1, maxScore: 1, status: 'passed', visibility: 'visible', output: 'ok', ...over };
}

function exercise(id: string, title: string, tests: TestResult[], flags: string[] = []): ExerciseResult {
  return { id, title, maxPoints: tests.reduce((s, t) => s + t.maxScore, 0) || 2, points: tests.reduce((s, t) => s + t.score, 0), flags, tests };
}

function student(over: Partial<StudentResult> & { student: string }): StudentResult {
  const exercises = over.exercises ?? [
    exercise('ch4-sigmoid-grad', 'Sigmoid gradient', [test('ch4-sigmoid-grad', 1), test('ch4-sigmoid-grad', 2)]),
    exercise('a1-step', 'One step', [test('a1-step', 1, { maxScore: 3, score: 3 })]),
  ];
  const rawTotal = exercises.reduce((s, e) => s + e.points, 0);
  const lateCredit = over.lateCredit ?? 1;
  return { identity: over.student, lateCredit, flags: [], exercises, rawTotal, total: Math.round(rawTotal * lateCredit * 100) / 100, maxTotal: 5, ...over };
}

/** A run of five students, including hostile names, output and keys. */
export function sampleRun(): GradeRun {
  const hostileExercises = [
    exercise('ch4-sigmoid-grad', 'Sigmoid <gradient>', [
      test('ch4-sigmoid-grad', 1, { status: 'failed', score: 0, output: HOSTILE_OUTPUT }),
      test('ch4-sigmoid-grad', 2, { status: 'failed', score: 0, visibility: 'hidden', output: 'failed' }),
    ]),
    exercise('a1-step', 'One step', [test('a1-step', 1, { maxScore: 3, score: 0, status: 'failed', output: MEGABYTE_OUTPUT })], ['timeout']),
  ];
  return {
    assignment: { id: 'a1-gradients', version: 1, hash: 'f'.repeat(64), title: { zh: '作业一', en: 'Assignment 1, gradients' } },
    grader: { version: '0.1.0', engine: '0.1.0', node: '24' },
    students: [
      student({ student: '23456', name: '=HYPERLINK("http://evil","x")', sisId: '+s234', login: '-bob', section: '@A', email: '\tbob@example.com', identity: 's234', submittedAt: '2026-12-15T01:00:00.000Z', lateCredit: 0.8, flags: ['late'], exercises: hostileExercises }),
      student({ student: '12345', name: 'Doe, Jane', sisId: 's123', login: 'jdoe', section: 'A', email: 'jane@example.com', identity: 's123', submittedAt: '2026-12-14T02:00:00.000Z' }),
      student({ student: '../../etc', name: 'Points Possible', identity: 'x' }),
      student({ student: '34567', name: 'Li Lei 李雷', identity: 's345', flags: ['no-submission'], exercises: [
        { id: 'ch4-sigmoid-grad', title: 'Sigmoid gradient', maxPoints: 2, points: 0, flags: ['not-graded'], tests: [] },
        { id: 'a1-step', title: 'One step', maxPoints: 3, points: 0, flags: ['not-graded'], tests: [] },
      ] }),
      student({ student: 'CON', name: '\rcarriage', identity: 'con' }),
    ],
  };
}

/** A normal zip (fflate), every entry with the given DOS time. */
export function makeZip(files: Record<string, string | Uint8Array>, mtime = new Date(2026, 11, 14, 10, 0, 0)): Uint8Array {
  const input: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, data] of Object.entries(files)) input[name] = [typeof data === 'string' ? new TextEncoder().encode(data) : data, { mtime }];
  return zipSync(input);
}

/** LSB-first bit writer for a hand-made deflate stream. */
class Bits {
  out: number[] = [];
  private cur = 0;
  private n = 0;
  put(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      this.cur |= ((value >> i) & 1) << this.n;
      if (++this.n === 8) { this.out.push(this.cur); this.cur = 0; this.n = 0; }
    }
  }
  /** Huffman codes go most significant bit first. */
  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.put((code >> i) & 1, 1);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.n ? [...this.out, this.cur] : this.out);
  }
}

/** A fixed-Huffman deflate stream of 1 + 258·matches zero bytes (13 bits per 258 bytes). */
export function zeroBomb(matches: number): { deflated: Uint8Array; size: number; crc: number } {
  const bits = new Bits();
  bits.put(1, 1); // final block
  bits.put(1, 2); // fixed Huffman
  bits.code(0x30, 8); // literal 0
  for (let i = 0; i < matches; i++) { bits.code(0xc5, 8); bits.put(0, 5); } // length 258, distance 1
  bits.code(0, 7); // end of block
  const size = 1 + 258 * matches;
  const zeros = new Uint8Array(1 << 20);
  let crc = 0;
  for (let left = size; left > 0; left -= zeros.length) crc = zlibCrc32(zeros.subarray(0, Math.min(left, zeros.length)), crc);
  return { deflated: bits.bytes(), size, crc: crc >>> 0 };
}

/** A hand-written zip of deflated entries whose declared size may lie. */
export function rawZip(entries: { name: string; deflated: Uint8Array; size: number; crc: number }[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true); local.setUint16(4, 20, true); local.setUint16(8, 8, true);
    local.setUint32(14, e.crc, true); local.setUint32(18, e.deflated.length, true); local.setUint32(22, e.size, true);
    local.setUint16(26, name.length, true);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true); cd.setUint16(4, 20, true); cd.setUint16(6, 20, true); cd.setUint16(10, 8, true);
    cd.setUint32(16, e.crc, true); cd.setUint32(20, e.deflated.length, true); cd.setUint32(24, e.size, true);
    cd.setUint16(28, name.length, true); cd.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, e.deflated);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + e.deflated.length;
  }
  const cdSize = central.reduce((s, p) => s + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true); end.setUint16(8, entries.length, true); end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true); end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((s, p) => s + p.length, 0));
  let p = 0;
  for (const part of all) { out.set(part, p); p += part.length; }
  return out;
}
