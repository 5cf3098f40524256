/**
 * Vite plugin behind the editor's types (editor-types.ts, ts-worker.ts):
 *
 * - `virtual:gradbook/cell-types`: the cells' declarations (build-declarations.ts, generated from
 *   the sources when the module is first loaded: at every build, never committed) and the
 *   TypeScript lib files the cells' compiler options name, so the worker needs no network but our
 *   own site (no CDN; the book is meant to work offline).
 * - `typescript` imported by @valtown/codemirror-ts resolves to `typescript-js` (TypeScript 6, the
 *   last compiler written in JavaScript, which runs in a browser); the project's `typescript` is
 *   the native TypeScript 7 compiler, which CI uses.
 *
 * It must be in `vite.worker.plugins` too: Vite builds worker bundles with their own plugins.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { buildCellTypes } from './build-declarations.ts';
import { CELL_COMPILER_OPTIONS } from './page-files.ts';

export const CELL_TYPES_MODULE = 'virtual:gradbook/cell-types';
const RESOLVED = `\0${CELL_TYPES_MODULE}`;
const require = createRequire(import.meta.url);

/** The lib files for `lib` (e.g. es2022, webworker) and every lib they reference, by file name. */
export function libFiles(libs: readonly string[]): Record<string, string> {
  const dir = dirname(require.resolve('typescript-js/lib/typescript.js'));
  const out: Record<string, string> = {};
  const add = (name: string) => {
    const file = `lib.${name.toLowerCase()}.d.ts`;
    if (out[file] !== undefined) return;
    const text = readFileSync(join(dir, file), 'utf8');
    out[file] = text;
    for (const m of text.matchAll(/\/\/\/\s*<reference lib="([^"]+)"\s*\/>/g)) add(m[1]);
  };
  libs.forEach(add);
  return out;
}

/** What the editor's worker gets: declarations by path, lib files by name, the scope's names. */
export function cellTypesBundle() {
  const { files, names } = buildCellTypes();
  return { declarations: files, libs: libFiles(CELL_COMPILER_OPTIONS.lib), names };
}

export type CellTypesBundle = ReturnType<typeof cellTypesBundle>;

export function cellTypesPlugin(): Plugin {
  return {
    name: 'gradbook-cell-types',
    // before Vite's own resolver, which would find the project's `typescript` first
    enforce: 'pre',
    async resolveId(source, importer) {
      if (source === CELL_TYPES_MODULE) return RESOLVED;
      if (source === 'typescript' && importer?.includes('@valtown/codemirror-ts')) {
        return this.resolve('typescript-js', importer, { skipSelf: true });
      }
      return null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      return `export default ${JSON.stringify(cellTypesBundle())};`;
    },
  };
}
