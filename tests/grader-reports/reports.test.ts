import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../grader/collect/csv.ts';
import {
  canvasCsv, feedbackHtml, formatNumber, gradesCsv, gradescopeResults, moodleCsv, reportFiles, resultsJson,
  safeFileNames, summaryJson, summaryText, textCell, writeReports,
} from '../../grader/reports/index.ts';
import { sampleRun } from './fixtures.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'gradbook-reports-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const lines = (s: string) => s.split('\n');

describe('LMS imports', () => {
  it('Canvas: exact header, Points Possible row, one row per student by user id', () => {
    const csv = canvasCsv(sampleRun());
    const [header, points, ...rows] = lines(csv);
    expect(header).toBe('Student,ID,SIS User ID,SIS Login ID,Section,"Assignment 1, gradients (a1-gradients)"');
    expect(parseCsv(header)[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'Assignment 1, gradients (a1-gradients)']);
    expect(points).toBe('Points Possible,,,,,5');
    expect(rows.at(-1)).toBe('');
    expect(parseCsv(csv).slice(2).map((r) => r[1])).toEqual(['../../etc', '12345', '23456', '34567', 'CON']);
    expect(parseCsv(csv)[3]).toEqual(['Doe, Jane', '12345', 's123', 'jdoe', 'A', '5']);
    // A student named "Points Possible" would be read as the points row by Canvas.
    expect(parseCsv(csv)[2][0]).toBe('');
    expect(canvasCsv(sampleRun(), { canvasColumn: 'HW1 (98765)' }).split('\n')[0]).toMatch(/,HW1 \(98765\)$/);
  });

  it('Moodle: email, ID number, grade item, plain-text feedback', () => {
    const rows = parseCsv(moodleCsv(sampleRun()));
    expect(rows[0]).toEqual(['Email address', 'ID number', 'Assignment 1, gradients', 'Feedback']);
    const bob = rows.find((r) => r[1] === "'+s234")!;
    expect(bob[2]).toBe('0');
    expect(bob[3]).toBe('ch4-sigmoid-grad 0/2; a1-step 0/3 [timeout]; late credit 0.8; flags: late');
  });

  it('grades.csv: exercise columns with their points, totals, flags joined by ;', () => {
    const rows = parseCsv(gradesCsv(sampleRun()));
    expect(rows[0]).toEqual(['student', 'name', 'identity', 'ch4-sigmoid-grad (2)', 'a1-step (3)', 'raw_total', 'late_credit', 'total', 'max_total', 'submitted_at', 'flags']);
    expect(rows.find((r) => r[0] === '23456')!.slice(3)).toEqual(['0', '0', '0', '0.8', '0', '5', '2026-12-15T01:00:00.000Z', 'late;a1-step:timeout']);
    expect(rows.find((r) => r[0] === '34567')!.at(-1)).toBe('no-submission');
  });

  it('neutralises formula injection in text cells, keeps numbers, strips control characters', () => {
    for (const csv of [canvasCsv(sampleRun()), moodleCsv(sampleRun()), gradesCsv(sampleRun())]) {
      for (const cell of parseCsv(csv).flat()) {
        expect(cell.trimStart()).not.toMatch(/^[=+\-@\t\r]/);
        expect(cell).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
      }
    }
    expect(textCell('=1+1')).toBe("'=1+1");
    expect(textCell(' =cmd|')).toBe("' =cmd|");
    expect(textCell('\t@SUM(A1)')).toBe("' @SUM(A1)");
    expect(textCell('＝1')).toBe("'＝1");
    expect(textCell('Doe, Jane')).toBe('Doe, Jane');
    expect(parseCsv(gradesCsv(sampleRun())).find((r) => r[0] === '23456')![1]).toBe('\'=HYPERLINK("http://evil","x")');
  });
});

describe('feedback', () => {
  const run = sampleRun();
  const bob = run.students.find((s) => s.student === '23456')!;

  it('HTML escapes everything from the student: no <script, one </style>, no bidi override, long output cut', () => {
    const html = feedbackHtml(run, bob);
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<\/style/gi)).toHaveLength(1);
    expect(html).not.toContain('\u202E');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;quoted&quot; &#39;single&#39; &amp; &lt;b&gt;');
    expect(html).toContain('abc<U+202E>evil<U+202C>'.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(html).not.toMatch(/[\u0007\u001b]/);
    expect(html.length).toBeLessThan(40_000);
    expect(html).toContain('more characters not shown');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Late credit');
    expect(feedbackHtml(run, bob, { lang: 'zh' })).toContain('<html lang="zh-CN">');
  });

  it("results.json follows Gradescope's schema", () => {
    const r = JSON.parse(resultsJson(bob));
    expect(Object.keys(r).sort()).toEqual(['output', 'output_format', 'score', 'tests']);
    expect(r.score).toBe(0);
    expect(r.output).toContain('Late credit: 0.8');
    for (const t of r.tests) {
      expect(Object.keys(t).sort()).toEqual(['max_score', 'name', 'number', 'output', 'output_format', 'score', 'status', 'visibility']);
      expect(['passed', 'failed']).toContain(t.status);
      expect(['hidden', 'after_due_date', 'after_published', 'visible']).toContain(t.visibility);
      expect(t.output.length).toBeLessThan(9000);
    }
    expect(r.tests.map((t: { number: string; visibility: string }) => [t.number, t.visibility])).toEqual([['1.1', 'visible'], ['1.2', 'hidden'], ['2.1', 'visible']]);
    expect(gradescopeResults(bob, { hiddenVisibility: 'after_published' }).tests[1].visibility).toBe('after_published');
    const none = gradescopeResults(run.students.find((s) => s.student === '34567')!);
    expect(none.tests.map((t) => [t.name, t.max_score, t.status])).toEqual([['Sigmoid gradient', 2, 'failed'], ['One step', 3, 'failed']]);
    expect(none.output).toContain('No submission file was found');
  });
});

describe('determinism and file names', () => {
  it('the same run gives byte-identical files, whatever the order of its students', async () => {
    const a = reportFiles(sampleRun());
    const shuffled = sampleRun();
    shuffled.students.reverse();
    expect([...reportFiles(shuffled)]).toEqual([...a]);
    const [d1, d2] = [join(dir, 'one'), join(dir, 'two')];
    const written = await writeReports(sampleRun(), d1);
    await writeReports(shuffled, d2);
    expect(written).toEqual([...a.keys()]);
    for (const path of written) expect(await readFile(join(d2, path))).toEqual(await readFile(join(d1, path)));
    expect(written.slice(0, 5)).toEqual(['canvas.csv', 'feedback/12345.html', 'feedback/12345.json', 'feedback/23456.html', 'feedback/23456.json']);
    // Options left undefined fall back to the defaults (no NaN, hidden stays hidden).
    const bob = JSON.parse(a.get('feedback/23456.json')!);
    expect(bob.tests.map((t: { visibility: string }) => t.visibility)).toEqual(['visible', 'hidden', 'visible']);
    expect(a.get('feedback/12345.json')).not.toMatch(/NaN|more characters/);
    expect(bob.tests[2].output).toMatch(/^x{8000}\n… \(1040576 more characters not shown\)$/);
  });

  it('summary.json holds the whole run with sorted keys; summaryText counts', () => {
    const json = JSON.parse(summaryJson(sampleRun()));
    expect(Object.keys(json)).toEqual(['assignment', 'grader', 'students']);
    expect(json.students.map((s: { student: string }) => s.student)).toEqual(['../../etc', '12345', '23456', '34567', 'CON']);
    expect(Object.keys(json.students[1])).toEqual([...Object.keys(json.students[1])].sort());
    const text = summaryText(sampleRun());
    expect(text).toContain('5 students, 4 with a submission');
    expect(text).toContain('total: mean 3, median 5, of 5');
    expect(text).toMatch(/ch4-sigmoid-grad\s+full marks 3\/4 \(75%\), mean 1\.5\/2/);
    expect(text).toContain('flags: late 1, no-submission 1, timeout 1');
  });

  it('feedback file names are safe, unique (also case-insensitively) and stable', () => {
    const keys = ['12345', '../../etc', 'a\u0000b', 'x'.repeat(300), 'CON', 'con.txt', 'Ab', 'ab', 'a b', 'a_b', '.hidden', '-rf', 'é'];
    const names = safeFileNames(keys);
    const values = [...names.values()];
    expect(names.get('12345')).toBe('12345');
    expect(names.get('a_b')).toBe('a_b');
    for (const v of values) {
      expect(v).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
      expect(v).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(v.length).toBeLessThan(160);
    }
    expect(new Set(values.map((v) => v.toLowerCase())).size).toBe(keys.length);
    expect(names.get('../../etc')).toMatch(/^etc-[0-9a-f]{8}$/);
    expect(safeFileNames([...keys].reverse())).toEqual(names);
  });

  it('numbers: at most 2 decimals, no trailing zeros', () => {
    expect([2.5, 1 / 3, 0.1 + 0.2, -0, 10, 1.005, 2.675, 1e-9, NaN, undefined].map(formatNumber))
      .toEqual(['2.5', '0.33', '0.3', '0', '10', '1.01', '2.68', '0', '', '']);
  });
});
