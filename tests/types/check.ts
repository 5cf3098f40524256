// Type-checks pages of cells against the engine's generated declarations: one TypeScript program
// for all pages (one tsc run), each cell one module that sees the cells above it
// (src/cells/types/page-files.ts explains the layout). Errors come back as page, cell id and the
// line within the cell.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildCellTypes, ROOT, TSC, type CellTypes } from '../../src/cells/types/build-declarations.ts';
import { pageFiles, CELL_COMPILER_OPTIONS, IGNORED_DIAGNOSTICS, ENGINE_TYPES_MODULE, SCOPE_TYPES_MODULE, type CellFile } from '../../src/cells/types/page-files.ts';

export interface TypedCell {
  id: string;
  code: string;
  /** Marked `type-error`: an error is intended here (and required, so the mark cannot go stale). */
  typeError?: boolean;
}

export interface TypedPage {
  /** Where the page is (`content/en/04-math.mdx`), for messages. */
  page: string;
  cells: TypedCell[];
}

export interface TypeProblem {
  page: string;
  cellId: string;
  /** 1-based line and column within the cell. */
  line: number;
  column: number;
  message: string;
}

export interface TypeReport {
  cells: number;
  /** Errors in cells not marked `type-error`, and marked cells without one. */
  problems: TypeProblem[];
  /** Errors in marked cells (intended). */
  intended: TypeProblem[];
}

/** A tsc diagnostic line: `path(line,col): error TS1234: message` (continuation lines are indented). */
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/** Checks the pages in a scratch folder under `.cache/` (node_modules resolves from there). */
export function checkPages(pages: readonly TypedPage[], types: CellTypes = buildCellTypes(), dir = join(ROOT, '.cache/cell-types')): TypeReport {
  rmSync(dir, { recursive: true, force: true });
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  for (const [rel, text] of Object.entries(types.files)) write(join('decl', rel), text);
  /** Program path (relative to dir, `/` separated) -> the page and cell it holds. */
  const where = new Map<string, { page: TypedPage; file: CellFile; cell: TypedCell }>();
  pages.forEach((page, p) => {
    pageFiles(page.cells, types.names).forEach((file, i) => {
      const rel = `pages/${p}/${file.name}`;
      write(rel, file.text);
      where.set(rel, { page, file, cell: page.cells[i] });
    });
  });
  const tsconfig = {
    compilerOptions: {
      ...CELL_COMPILER_OPTIONS,
      paths: { [ENGINE_TYPES_MODULE]: ['./decl/gradbook.d.ts'], [SCOPE_TYPES_MODULE]: ['./decl/scope.d.ts'] },
    },
    include: ['pages/**/*.ts'],
  };
  write('tsconfig.json', JSON.stringify(tsconfig, null, 2));
  const run = spawnSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  const found: (TypeProblem & { cell: TypedCell })[] = [];
  const unplaced: string[] = [];
  let last: TypeProblem | undefined;
  let diagnostics = 0;
  for (const line of run.stdout.split('\n')) {
    const m = DIAGNOSTIC.exec(line);
    if (!m) {
      if (last && /^\s+\S/.test(line)) last.message += `\n${line.trimEnd()}`;
      else if (line.trim()) unplaced.push(line);
      continue;
    }
    diagnostics++;
    const rel = relative(dir, join(dir, m[1])).split('\\').join('/');
    const at = where.get(rel);
    if (at && IGNORED_DIAGNOSTICS.has(Number(m[4].slice(2)))) {
      last = undefined;
      continue;
    }
    if (!at) {
      unplaced.push(line);
      last = undefined;
      continue;
    }
    // a line past the cell is in the trailer (a name clash with the scope): shown at the cell's end
    const inCell = Number(m[2]) <= at.file.lines;
    last = {
      page: at.page.page, cellId: at.file.cellId,
      line: inCell ? Number(m[2]) : at.file.lines, column: inCell ? Number(m[3]) : 1,
      message: `${m[4]}: ${m[5]}${inCell ? '' : ' (in the names this cell takes from above)'}`,
    };
    found.push({ ...last, cell: at.cell });
  }
  if (run.status !== 0 && diagnostics === 0) throw new Error(`tsc failed without a cell error:\n${run.stdout}${run.stderr}`);
  if (unplaced.length) throw new Error(`tsc reported errors outside the cells:\n${unplaced.join('\n')}`);
  const problems: TypeProblem[] = [];
  const intended: TypeProblem[] = [];
  for (const { cell, ...problem } of found) (cell.typeError ? intended : problems).push(problem);
  for (const page of pages) {
    for (const cell of page.cells) {
      if (cell.typeError && !found.some((f) => f.cell === cell)) {
        problems.push({ page: page.page, cellId: cell.id, line: 1, column: 1, message: 'marked type-error, but it type-checks: remove the mark' });
      }
    }
  }
  return { cells: where.size, problems, intended };
}

export function formatProblem(p: TypeProblem): string {
  return `${p.page} cell ${p.cellId} line ${p.line}:${p.column}: ${p.message}`;
}
