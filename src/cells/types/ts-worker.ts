/**
 * The editor's TypeScript language service, in its own module worker, started on a reader's first
 * edit (editor-types.ts). It holds the page's cells as the files of page-files.ts (the layout
 * `npm run test:types` checks), so a cell sees the cells above it, and answers the editor's
 * questions about one cell: diagnostics, hover, completions and their docs.
 * @valtown/codemirror-ts does the TypeScript <-> CodeMirror conversions, @typescript/vfs the
 * in-memory file system, comlink the messages.
 */
import ts from 'typescript-js';
import { createSystem, createVirtualTypeScriptEnvironment, type VirtualTypeScriptEnvironment } from '@typescript/vfs';
import { createWorker } from '@valtown/codemirror-ts/worker';
import { expose } from 'comlink';
import bundle from 'virtual:gradbook/cell-types';
import { pageFiles, CELL_COMPILER_OPTIONS, ENGINE_TYPES_MODULE, SCOPE_TYPES_MODULE, IGNORED_DIAGNOSTICS, type PageCell } from './page-files.ts';

const PAGE_DIR = '/pages/';
let env: VirtualTypeScriptEnvironment | undefined;
let cells: PageCell[] = [];
/** Cell id -> its file's path and the length of the cell's own code (the trailer follows). */
const fileOf = new Map<string, { path: string; codeLength: number }>();

function compilerOptions(): ts.CompilerOptions {
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    { ...CELL_COMPILER_OPTIONS, paths: { [ENGINE_TYPES_MODULE]: ['./decl/gradbook.d.ts'], [SCOPE_TYPES_MODULE]: ['./decl/scope.d.ts'] } },
    '/',
  );
  if (errors.length) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, '\n'));
  return options;
}

/** Writes the page's files (only those that changed: the edited cell and the cells below it). */
function sync(): void {
  const files = pageFiles(cells, bundle.names);
  if (!env) {
    const fsMap = new Map<string, string>();
    for (const [name, text] of Object.entries(bundle.libs)) fsMap.set(`/${name}`, text);
    for (const [path, text] of Object.entries(bundle.declarations)) fsMap.set(`/decl/${path}`, text);
    for (const f of files) fsMap.set(PAGE_DIR + f.name, f.text);
    const system = createSystem(fsMap);
    // @typescript/vfs is typed against the `typescript` package (here the native compiler's stub)
    env = createVirtualTypeScriptEnvironment(system, files.map((f) => PAGE_DIR + f.name), ts as never, compilerOptions() as never);
  } else {
    for (const f of files) {
      const path = PAGE_DIR + f.name;
      if (env.getSourceFile(path)?.getFullText() !== f.text) env.updateFile(path, f.text);
    }
  }
  files.forEach((f, i) => fileOf.set(f.cellId, { path: PAGE_DIR + f.name, codeLength: cells[i].code.length }));
}

const base = createWorker(() => env!);

const api = {
  ...base,
  /** The page's cells in page order (first call: builds the program). */
  setPage(page: PageCell[]): void {
    cells = page.map((c) => ({ id: c.id, code: c.code }));
    sync();
    void base.initialize();
  },
  /** A cell's code changed. */
  updateCell(id: string, code: string): void {
    const cell = cells.find((c) => c.id === id);
    if (!cell || cell.code === code) return;
    cell.code = code;
    sync();
  },
  /** The file a cell is checked as (what the editor's facet names). */
  pathOf(id: string): string | undefined {
    return fileOf.get(id)?.path;
  },
  /** Diagnostics in the cell's own code (a trailer clash is shown at the end of the cell). */
  getLints({ path }: { path: string; diagnosticCodesToIgnore?: number[] }) {
    const cell = [...fileOf.values()].find((f) => f.path === path);
    if (!env || !cell) return [];
    const end = cell.codeLength;
    return base.getLints({ path, diagnosticCodesToIgnore: [...IGNORED_DIAGNOSTICS] }).map((d) => ({
      ...d, from: Math.min(d.from, end), to: Math.min(Math.max(d.to, d.from), end),
    }));
  },
  /** The signature and documentation of one completion, for its info panel. */
  getCompletionDetails(path: string, pos: number, name: string): { signature: string; doc: string } | undefined {
    const details = env?.languageService.getCompletionEntryDetails(path, pos, name, {}, undefined, {}, undefined);
    if (!details) return undefined;
    const tags = (details.tags ?? []).map((t: ts.JSDocTagInfo) => `@${t.name} ${ts.displayPartsToString(t.text)}`.trim());
    return {
      signature: ts.displayPartsToString(details.displayParts),
      doc: [ts.displayPartsToString(details.documentation), ...tags].filter(Boolean).join('\n\n'),
    };
  },
};

export type TypesWorkerApi = typeof api;
expose(api);
