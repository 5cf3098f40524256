import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateSync, inflateSync } from 'fflate';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { collectSubmissions } from '../../grader/collect/index.ts';
import { makeZip, rawZip, zeroBomb } from './fixtures.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'gradbook-collect-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

const sub = (who: string) => JSON.stringify({ who });
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe('Canvas downloads', () => {
  const files = {
    'doejane_12345_678901_a1-gradients.s123.gradbook.json': sub('jane-first'),
    'doejane_12345_678950_a1-gradients.s123.gradbook.json': sub('jane-second'),
    'smithbob_LATE_23456_700001_a1.json': sub('bob'),
    'anon_ab12c_700002_work.gradbook.json': sub('anonymous'),
    'notes.txt': 'not a submission',
    '.DS_Store': 'x',
    '__MACOSX/._doejane_12345_678901_a1.json': 'x',
  };

  it('maps names to user ids, keeps the larger attachment id, reads LATE, warns about other files', async () => {
    const { entries, warnings } = await collectSubmissions(await folder('canvas', files));
    expect(entries.map((e) => e.student)).toEqual(['12345', '23456', 'anon_ab12c']);
    const jane = entries[0];
    expect(text(jane.bytes)).toBe(sub('jane-second'));
    expect(jane.file).toBe('doejane_12345_678950_a1-gradients.s123.gradbook.json');
    expect(jane.ignored).toEqual(['doejane_12345_678901_a1-gradients.s123.gradbook.json']);
    expect(jane.flags).toEqual(['duplicate-submission', 'time-unknown']);
    expect(entries[1].lmsLate).toBe(true);
    expect(warnings).toContain('ignored: "notes.txt" (not a .json file)');
    expect(warnings.join('\n')).not.toMatch(/DS_Store|MACOSX/);
  });

  it('joins the roster (a student without a file still appears) and the times CSV', async () => {
    const roster = await file('roster.csv', '\uFEFFStudent,Name,SIS ID,Login,Section,Email\r\n12345,"Doe, Jane",s123,jdoe,A,jane@example.com\r\n23456,Bob Smith,,bsmith,B,\r\n99999,No File,s999,,A,\r\n');
    const times = await file('times.csv', 'student,submitted_at\n12345,2026-12-14T10:00:00+08:00\n23456,yesterday\n');
    const { entries, warnings } = await collectSubmissions(await folder('canvas2', files), { roster, times, pattern: 'canvas' });
    const by = Object.fromEntries(entries.map((e) => [e.student, e]));
    expect(Object.keys(by)).toEqual(['12345', '23456', '99999', 'anon_ab12c']);
    expect(by['12345'].roster).toEqual({ student: '12345', name: 'Doe, Jane', sisId: 's123', login: 'jdoe', section: 'A', email: 'jane@example.com', identity: 's123' });
    expect(by['12345'].submittedAt).toBe('2026-12-14T02:00:00.000Z');
    expect(by['12345'].timeSource).toBe('times-csv');
    expect(by['23456'].roster?.identity).toBe('bsmith');
    expect(by['99999']).toMatchObject({ flags: ['no-submission'], timeSource: 'unknown' });
    expect([by['99999'].file, by['99999'].bytes]).toEqual([undefined, undefined]);
    expect(by.anon_ab12c.flags).toContain('not-on-roster');
    expect(warnings.some((w) => w.includes('"yesterday" is not an ISO 8601 time'))).toBe(true);
  });

  it('reads the same names from a zip, without trusting entry times (Canvas stamps the download time)', async () => {
    const zip = await file('canvas.zip', makeZip(files));
    const { entries, warnings } = await collectSubmissions(zip);
    expect(entries.map((e) => e.student)).toEqual(['12345', '23456', 'anon_ab12c']);
    expect(entries.every((e) => e.timeSource === 'unknown')).toBe(true);
    expect(warnings.some((w) => /give --times/.test(w))).toBe(true);
    const trusted = await collectSubmissions(zip, { zipTimes: true });
    expect(trusted.entries[0]).toMatchObject({ timeSource: 'zip', submittedAt: '2026-12-14T10:00:00.000Z' });
    expect(trusted.entries[0].flags).toContain('time-from-zip');
  });
});

describe('Moodle and plain downloads', () => {
  it('reads Moodle folders (new and old style) and flat names', async () => {
    const zip = await file('moodle.zip', makeZip({
      'Jane Doe_1001_assignsubmission_file/a1-gradients.s1.gradbook.json': sub('jane'),
      'Bob Li_1002_assignsubmission_file_/sub/work.json': sub('bob'),
      'Ann Lee_1003_assignsubmission_file_a1.json': sub('ann'),
      'Ann Lee_1003_assignsubmission_onlinetext_/onlinetext.html': '<p>hi</p>',
    }));
    const roster = await file('moodle-roster.csv', 'student,name,identity\nParticipant 1001,Jane Doe,s1\n');
    const { entries, warnings } = await collectSubmissions(zip, { roster });
    expect(entries.map((e) => [e.student, text(e.bytes)])).toEqual([['1001', sub('jane')], ['1002', sub('bob')], ['1003', sub('ann')]]);
    expect(entries[0].roster?.identity).toBe('s1');
    expect(warnings.some((w) => w.includes('onlinetext.html') && w.includes('not a .json file'))).toBe(true);
  });

  it('plain names: <student>.gradbook.json; zip times count, and the later file wins', async () => {
    const early = makeZip({ 'a/s1.gradbook.json': sub('old') }, new Date(2026, 11, 1, 9, 0, 0));
    const late = makeZip({ 'b/s1.gradbook.json': sub('new'), 's2.json': sub('s2') }, new Date(2026, 11, 2, 9, 0, 0));
    // Merge two zips' entries by rebuilding: fflate keeps one mtime per call, so build with per-entry times.
    const { unzipSync, zipSync } = await import('fflate');
    const merged = zipSync({
      'a/s1.gradbook.json': [unzipSync(early)['a/s1.gradbook.json'], { mtime: new Date(2026, 11, 1, 9, 0, 0) }],
      'b/s1.gradbook.json': [unzipSync(late)['b/s1.gradbook.json'], { mtime: new Date(2026, 11, 2, 9, 0, 0) }],
      's2.json': [unzipSync(late)['s2.json'], { mtime: new Date(2026, 11, 2, 9, 0, 0) }],
    });
    const { entries } = await collectSubmissions(await file('plain.zip', merged), { pattern: 'plain' });
    expect(entries.map((e) => e.student)).toEqual(['s1', 's2']);
    expect(text(entries[0].bytes)).toBe(sub('new'));
    expect(entries[0]).toMatchObject({ ignored: ['a/s1.gradbook.json'], submittedAt: '2026-12-02T09:00:00.000Z', timeSource: 'zip' });
    expect(entries[0].flags).toEqual(['duplicate-submission', 'time-from-zip']);
  });

  it('takes a custom regex with student and time groups', async () => {
    const root = await folder('custom', {
      'hw/s7__2026-12-14T23:00:00+08:00.json': sub('later'), 'hw/s7__2026-12-14T23:00:00Z.json': sub('latest'),
      'hw/s8__2026-12-14T23-00Z.json': sub('bad time'),
    });
    const { entries, warnings } = await collectSubmissions(root, { pattern: String.raw`^hw/(?<student>[^_]+)__(?<time>[^/]+)\.json$` });
    expect(entries.map((e) => [e.student, e.timeSource, e.submittedAt])).toEqual([
      ['s7', 'file-name', '2026-12-14T23:00:00.000Z'], ['s8', 'unknown', undefined],
    ]);
    expect(entries[0].ignored).toEqual(['hw/s7__2026-12-14T23:00:00+08:00.json']);
    expect(warnings.some((w) => w.includes('"2026-12-14T23-00Z" is not ISO 8601'))).toBe(true);
    await expect(collectSubmissions(root, { pattern: '^(?<who>.*)$' })).rejects.toThrow(/named group \(\?<student>/);
  });
});

describe('hostile zips', () => {
  it('refuses zip-slip names and never lists them', async () => {
    const zip = await file('slip.zip', makeZip({
      '../evil_1_2_x.json': sub('evil'), '/abs_3_4_x.json': sub('abs'), 'C:/win_5_6_x.json': sub('win'),
      'a/../../up_7_8_x.json': sub('up'), 'ok_9_10_x.json': sub('ok'), 'nul\u0000_11_12_x.json': sub('nul'),
    }));
    const { entries, warnings } = await collectSubmissions(zip);
    expect(entries.map((e) => e.student)).toEqual(['9']);
    expect(warnings.filter((w) => w.startsWith('refused zip entry'))).toHaveLength(5);
    expect(warnings.join('\n')).not.toContain('\u0000');
  });

  it('refuses a 500 MB entry from its directory record, without inflating it', async () => {
    const small = zeroBomb(10); // the same construction, small enough to check that it is a real deflate stream
    expect(inflateSync(small.deflated)).toEqual(new Uint8Array(small.size));
    expect(zlibCrc32(new Uint8Array(small.size)) >>> 0).toBe(small.crc);
    const bomb = zeroBomb(2_032_249); // 524,320,243 zero bytes in ~3.3 MB
    expect(bomb.size).toBeGreaterThan(500 * 1024 * 1024);
    const okBytes = new TextEncoder().encode(sub('ok'));
    const ok = { name: 'fine_2_2_a1.json', deflated: deflateSync(okBytes), size: okBytes.length, crc: zlibCrc32(okBytes) >>> 0 };
    const zip = await file('bomb.zip', rawZip([{ name: 'bomb_1_1_a1.json', ...bomb }, ok]));
    const before = process.memoryUsage().arrayBuffers;
    const { entries, warnings } = await collectSubmissions(zip);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    expect(entries[0]).toMatchObject({ student: '1', tooLarge: true, flags: ['time-unknown', 'too-large'] });
    expect(entries[0].bytes?.length).toBe(0);
    expect(text(entries[1].bytes)).toBe(sub('ok'));
    expect(warnings.some((w) => w.includes('too large'))).toBe(true);
  });

  it('stops inflating an entry that lies about its size', async () => {
    const bomb = zeroBomb(200_000); // ~51 MB of zeros, declared as 100 bytes
    const zip = await file('liar.zip', rawZip([{ name: 'liar_1_1_a1.json', deflated: bomb.deflated, size: 100, crc: 0 }]));
    const { entries, warnings } = await collectSubmissions(zip);
    expect(entries[0]).toMatchObject({ tooLarge: true });
    expect(warnings.some((w) => w.includes('inflates beyond its declared size'))).toBe(true);
  });

  it('refuses archives with too many entries, and files over the per-file cap', async () => {
    const many = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`s${i}.json`, sub(String(i))]));
    await expect(collectSubmissions(await file('many.zip', makeZip(many)), { limits: { maxEntries: 3 } })).rejects.toThrow(/5 entries; the limit is 3/);
    const big = await folder('big', { 's1.json': 'x'.repeat(5000), 's2.json': sub('s2') });
    const { entries } = await collectSubmissions(big, { limits: { maxFileBytes: 1000 } });
    expect(entries.map((e) => [e.student, e.tooLarge ?? false, e.bytes?.length])).toEqual([['s1', true, 0], ['s2', false, sub('s2').length]]);
    await expect(collectSubmissions(big, { limits: { maxTotalBytes: 4000 } })).rejects.toThrow(/more than 4000 bytes of submissions/);
  });

  it('refuses a corrupt entry (CRC mismatch) as unreadable', async () => {
    const bytes = new TextEncoder().encode(sub('x'));
    const zip = await file('crc.zip', rawZip([{ name: 's1.json', deflated: deflateSync(bytes), size: bytes.length, crc: 1234 }]));
    const { entries } = await collectSubmissions(zip, { pattern: 'plain' });
    expect(entries[0].flags).toContain('unreadable-entry');
    expect(entries[0].bytes?.length).toBe(0);
  });
});
