/**
 * Types in the cell editor: diagnostics (red underline with the message), hover types, and
 * completions with their documentation, from the TypeScript language service in a worker
 * (types/ts-worker.ts). Loaded by editor.ts on a reader's first edit only, so none of it is part
 * of the page before the first Run; one worker per page, shared by its editors. A type error never
 * stops Run: the cell runs as before (types are stripped), as in the TypeScript playground.
 */
import type { Extension } from '@codemirror/state';
import { EditorView, ViewPlugin } from '@codemirror/view';
import { autocompletion, type Completion, type CompletionSource } from '@codemirror/autocomplete';
import { tsFacetWorker, tsHoverWorker, tsLinterWorker } from '@valtown/codemirror-ts';
import type { WorkerShape } from '@valtown/codemirror-ts/worker';
import { wrap, type Remote } from 'comlink';
import type { TypesWorkerApi } from './types/ts-worker.ts';
import type { PageCell } from './types/page-files.ts';

type TypesWorker = Remote<TypesWorkerApi>;
let started: Promise<TypesWorker> | undefined;

/** The page's types worker, started (with the page's cells) on the first call. */
function typesWorker(cells: PageCell[]): Promise<TypesWorker> {
  started ??= (async () => {
    const worker = wrap<TypesWorkerApi>(new Worker(new URL('./types/ts-worker.ts', import.meta.url), { type: 'module', name: 'gradbook-types' }));
    await worker.setPage(cells);
    return worker;
  })();
  return started;
}

/** Signature and docs of a completion, as text nodes (never HTML). */
function infoNode(details: { signature: string; doc: string }): Node {
  const box = document.createElement('div');
  box.className = 'gb-completion-info';
  const signature = document.createElement('code');
  signature.textContent = details.signature;
  box.append(signature);
  if (details.doc) {
    const doc = document.createElement('p');
    doc.textContent = details.doc;
    box.append(doc);
  }
  return box;
}

/**
 * The extensions for one cell's editor: the cell's file in the worker is kept in step with the
 * editor (updateCell on every change), and the lint, hover and completion sources ask about it.
 */
export async function typesExtension(cellId: string, pageCells: () => PageCell[]): Promise<Extension> {
  const worker = await typesWorker(pageCells());
  const path = await worker.pathOf(cellId);
  if (!path) return [];
  const completions: CompletionSource = async (context) => {
    const result = await worker.getAutocompletion({ path, context: { pos: context.pos, explicit: context.explicit } });
    if (!result) return null;
    // the engine's internals (`_ref`, `_kept`) are public to TypeScript but not for readers
    const hideInternal = !/(^|[^\w$])_[\w$]*$/.test(context.state.sliceDoc(Math.max(0, context.pos - 40), context.pos));
    const options = result.options.filter((o) => !(hideInternal && o.label.startsWith('_'))).map((o): Completion => ({
      ...o,
      info: async () => {
        const details = await worker.getCompletionDetails(path, context.pos, o.label);
        return details ? infoNode(details) : null;
      },
    }));
    return { ...result, options };
  };
  return [
    tsFacetWorker.of({ path, worker: worker as unknown as WorkerShape }),
    // the reader may have typed on while the worker started: send the code as it is now
    ViewPlugin.define((view) => {
      void worker.updateCell(cellId, view.state.doc.toString());
      return {};
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) void worker.updateCell(cellId, update.state.doc.toString());
    }),
    tsLinterWorker(),
    tsHoverWorker(),
    autocompletion({ override: [completions] }),
  ];
}
