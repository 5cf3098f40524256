// Build-time compiled cells (src/markdown/precompile-cell.ts, src/cells/compiled.ts): the packed
// form rebuilds the compiler's own output for every cell of the book, a cell that does not compile
// fails the build by name, and the session runs the packed form it is sent instead of compiling.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as engine from '../../kernels/index.ts';
import { collectCells, type MdNode } from '../../src/cells/extract.ts';
import { compileCell } from '../../src/cells/transpile.ts';
import { packCell, unpackCell, type PackedCell } from '../../src/cells/compiled.ts';
import { precompileCell } from '../../src/markdown/precompile-cell.ts';
import { chapterParser } from '../../src/markdown/chapter-parser.ts';
import { CellSession, type Engine } from '../../src/cells/session.ts';
import type { FromWorker } from '../../src/cells/protocol.ts';

function* pages(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* pages(path);
    else if (path.endsWith('.mdx')) yield path;
  }
}

describe('packed compiled cells', () => {
  it('unpack to the compiler\'s output for every cell of the book, at a fraction of the code\'s size', () => {
    let cells = 0;
    let codeChars = 0;
    let packedChars = 0;
    for (const file of pages('content')) {
      const tree = chapterParser().parse(readFileSync(file, 'utf8')) as unknown as MdNode;
      for (const { spec } of collectCells(tree, file)) {
        const compiled = compileCell(spec.code);
        const json = precompileCell(spec, file);
        expect(unpackCell(spec.code, JSON.parse(json) as PackedCell), `${file} ${spec.id}`).toEqual(compiled);
        cells++;
        codeChars += spec.code.length;
        packedChars += json.length;
      }
    }
    expect(cells).toBeGreaterThan(500);
    expect(packedChars / codeChars).toBeLessThan(0.3);
  });

  it('keep edits exact across types, imports, the value line and characters outside the BMP', () => {
    const code = "import { tensor as t } from 'gradbook';\nconst s: string = '😀 </script>';\ntype P = { a: number };\nlet p: P = { a: 1 };\n(p.a as number) + s.length";
    const compiled = compileCell(code);
    const packed = packCell(code, compiled);
    expect(packed.edits.length).toBeGreaterThan(2);
    expect(unpackCell(code, packed)).toEqual(compiled);
  });

  it('refuse a body whose lines are not the cell\'s', () => {
    expect(() => packCell('a\nb', { body: 'a', declared: [], hasValue: false })).toThrow(/1 lines, the cell 2/);
  });

  it('fail the build naming the page, the cell and the position of a syntax error', () => {
    expect(() => precompileCell({ id: 'broken', code: 'const a = 1;\nconst b = (a;' }, 'content/en/x.mdx'))
      .toThrow('content/en/x.mdx: cell broken does not compile: Unexpected token, expected "," (line 2, column 14)');
  });
});

describe('CellSession with a compiled form', () => {
  async function run(code: string, compiled?: PackedCell): Promise<FromWorker[]> {
    const out: FromWorker[] = [];
    const session = new CellSession(engine as unknown as Engine, 'ch', (m) => out.push(m));
    await session.handle({ type: 'run', channel: 'ch', runId: 1, cellId: 'a', code, compiled });
    return out;
  }

  it('runs the form it is sent (the page sends it only for the authored code)', async () => {
    const code = 'const x: number = 20;\nx + 1';
    const packed = packCell(code, compileCell(code));
    expect((await run(code, packed)).find((m) => m.type === 'value')).toMatchObject({ repr: '21' });
    // proof that no compiling happened: a form that differs from the code is what runs
    const other: PackedCell = { ...packed, edits: [...packed.edits, [0, 'const x = '.length, 2, '40']] };
    expect((await run(code, other)).find((m) => m.type === 'value')).toMatchObject({ repr: '41' });
  });

  it('loads the compiler on prepareCompiler without answering, and a later run compiles', async () => {
    const out: FromWorker[] = [];
    const session = new CellSession(engine as unknown as Engine, 'ch', (m) => out.push(m));
    await session.handle({ type: 'prepareCompiler', channel: 'ch', runId: 0 });
    expect(out).toEqual([]);
    await session.handle({ type: 'run', channel: 'ch', runId: 1, cellId: 'a', code: 'const y: number = 6;\ny * 7' });
    expect(out.find((m) => m.type === 'value')).toMatchObject({ repr: '42', runId: 1 });
  });

  it('compiles without one, with syntax errors at their cell position', async () => {
    const error = (await run('const a = 1;\nconst b = (a;')).find((m) => m.type === 'error');
    expect(error).toMatchObject({ kind: 'syntax', line: 2, column: 14, cellId: 'a' });
  });
});
