// test:types' checker (tests/types/check.ts) on small pages: a wrong cell fails with its page, cell
// id and line; cells see the cells above them as at run time (scope.ts); `type-error` marks.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkPages, formatProblem, type TypedPage } from '../types/check.ts';
import { buildCellTypes, ROOT, type CellTypes } from '../../src/cells/types/build-declarations.ts';
import { cellBindings, pageFiles } from '../../src/cells/types/page-files.ts';

let types: CellTypes;
beforeAll(() => {
  types = buildCellTypes();
});
const check = (pages: TypedPage[]) => checkPages(pages, types, join(ROOT, '.cache/cell-types-unit'));

describe('test:types', () => {
  it('fails on a wrong call, naming the page, the cell and the line within it', () => {
    const report = check([{ page: 'content/en/x.mdx', cells: [
      { id: 'fine', code: "const x = tensor([1, 2]);\ncheck('sum', x.sum().item() === 3);" },
      { id: 'wrong', code: '// a comment\nconst y = x.matmul("oops");\ny' },
    ] }]);
    expect(report.cells).toBe(2);
    expect(report.problems).toHaveLength(1);
    const [p] = report.problems;
    expect(p).toMatchObject({ page: 'content/en/x.mdx', cellId: 'wrong', line: 2 });
    expect(p.message).toMatch(/^TS2345: Argument of type 'string' is not assignable/);
    expect(formatProblem(p)).toMatch(/^content\/en\/x\.mdx cell wrong line 2:\d+: TS2345/);
  });

  it('models the shared scope: names from above, redeclaration, reassignment, types, helpers', () => {
    const report = check([{ page: 'p.mdx', cells: [
      { id: 'a', code: 'let step = 0;\nconst w = randn([2, 2]);\ntype Row = { name: string };\nfunction twice(t: Tensor) { return t.mul(2); }' },
      { id: 'b', code: "step += 1;\nconst w = zeros([3]);\nconst rows: Row[] = [{ name: 'x' }];\nconst lin: nn.Linear = new nn.Linear(2, 1);\nconsole.log(twice(w).shape, rows, lin, host);" },
      { id: 'c', code: "import { tensor as t } from 'gradbook';\nconst v: number = w.shape[0] + step;\nplot.line([{ a: 1 }], { x: 'a', y: 'a' });\nt([v])" },
    ] }]);
    expect(report.problems.map(formatProblem)).toEqual([]);
  });

  it('a cell sees only the cells above it, with the type they gave', () => {
    const report = check([{ page: 'p.mdx', cells: [
      { id: 'early', code: 'const a = later + 1;' },
      { id: 'later-cell', code: "const later = 'text';" },
      { id: 'typed', code: 'const n: number = later;' },
    ] }]);
    expect(report.problems.map((p) => [p.cellId, p.message.slice(0, 6)])).toEqual([['early', 'TS2304'], ['typed', 'TS2322']]);
  });

  it('a type-error cell must have an error; its error is not a failure', () => {
    const report = check([{ page: 'p.mdx', cells: [
      { id: 'meant', code: "const s: number = 'a';", typeError: true },
      { id: 'stale', code: 'const ok = 1;', typeError: true },
    ] }]);
    expect(report.intended.map((p) => p.cellId)).toEqual(['meant']);
    expect(report.problems.map((p) => [p.cellId, p.message])).toEqual([['stale', 'marked type-error, but it type-checks: remove the mark']]);
  });

  it('unannotated parameters are allowed (notebook style); the rest of strict is on', () => {
    const report = check([{ page: 'p.mdx', cells: [
      { id: 'js', code: 'const f = (w, b) => w.add(b);\nconst rows = [];\nrows.push(1);\nlet maybe: Tensor | null = null;\nmaybe.sum();' },
    ] }]);
    expect(report.problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([[5, 'TS18047']]);
  });
});

describe('page files', () => {
  it('finds what a cell binds at top level', () => {
    const b = cellBindings("import { tensor as t } from 'gradbook';\nlet [a, { b }] = [1, { b: 2 }];\nconst c = 3;\nfunction f() {}\nclass K {}\ntype T = 1;\ninterface I {}\nimport type { NestedArray } from 'gradbook';\n{ const inner = 1; }");
    expect(Object.fromEntries(b)).toEqual({ t: 'const', a: 'let', b: 'let', c: 'const', f: 'const', K: 'const', T: 'type', I: 'type', NestedArray: 'type' });
  });

  it('keeps every line of the cell where it was (the trailer comes after)', () => {
    const code = 'const x = tensor([1]);\nx';
    const [file] = pageFiles([{ id: 'c', code }], { engine: ['tensor'], helpers: [] });
    expect(file.text.startsWith(`${code}\n`)).toBe(true);
    expect(file.lines).toBe(2);
  });
});
