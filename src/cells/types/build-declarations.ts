/**
 * The types cells are checked against, generated from the sources on every build and test run
 * (never committed, so they cannot drift from `kernels/`): the engine's declarations and the
 * helpers' (TypeScript's own declaration emit of kernels/index.ts and src/cells/helpers.ts), plus
 * two small entry modules:
 *
 *   gradbook.d.ts   `export * from './kernels/index.ts'`: what `import … from 'gradbook'` gives
 *   scope.d.ts      one `export declare const check: CellHelpers['check']` per helper, where
 *                   CellHelpers = ReturnType<typeof createHelpers>, for the names scope-names.ts
 *                   reads off the real helpers object: the types and the list come from the code.
 *
 * Node only (it runs the TypeScript compiler). Paths in the result are relative to its folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as engine from '../../../kernels/index.ts';
import { scopeNames } from './scope-names.ts';
import type { ScopeNames } from './page-files.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The TypeScript compiler of the project (node_modules/typescript/bin/tsc). */
export const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

export interface CellTypes {
  /** Declaration files by path: `kernels/index.d.ts`, `src/cells/helpers.d.ts`, `gradbook.d.ts`, `scope.d.ts`, … */
  files: Record<string, string>;
  names: ScopeNames;
}

/** Runs tsc's declaration emit into a temporary folder and reads the result back. */
export function buildCellTypes(): CellTypes {
  const out = mkdtempSync(join(tmpdir(), 'gradbook-types-'));
  try {
    const args = [
      TSC, '--ignoreConfig', 'kernels/index.ts', 'src/cells/helpers.ts',
      '--declaration', '--emitDeclarationOnly', '--outDir', out, '--rootDir', '.',
      '--allowImportingTsExtensions', '--rewriteRelativeImportExtensions', '--strict', '--skipLibCheck',
      '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler',
      '--lib', 'es2022,dom,webworker', '--types', 'node', '--pretty', 'false',
    ];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`declaration emit failed:\n${run.stdout}${run.stderr}`);
    const files: Record<string, string> = {};
    for (const rel of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      if (rel.endsWith('.d.ts')) files[rel.split('\\').join('/')] = readFileSync(join(out, rel), 'utf8');
    }
    if (!files['kernels/index.d.ts'] || !files['src/cells/helpers.d.ts']) throw new Error('declaration emit produced no kernels/index.d.ts or helpers.d.ts');
    const names = scopeNames(engine);
    files['gradbook.d.ts'] = "export * from './kernels/index.ts';\n";
    files['scope.d.ts'] = [
      "import type { createHelpers } from './src/cells/helpers.ts';",
      '/** What every cell has in scope besides the engine: the object createHelpers returns. */',
      'type CellHelpers = ReturnType<typeof createHelpers>;',
      ...names.helpers.map((n) => `export declare const ${n}: CellHelpers['${n}'];`),
      '',
    ].join('\n');
    return { files, names };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
