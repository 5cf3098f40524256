/**
 * What goes into the Gradescope bundle from this repository: exactly what `grade-one` needs to
 * grade one submission of one assignment, and nothing built or installed (no node_modules, dist,
 * .cache, .git, dotfiles, logs). The listed roots are followed by every file they import by a
 * relative path (e.g. src/chapter-id.mjs, which src/assignments imports), so a new helper outside
 * the roots cannot be forgotten.
 *
 * The assignment's private folder (hidden tests, reference solutions) IS included: the bundle is
 * uploaded by the instructor to Gradescope only, which never shows it to students. Do not publish it.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parseAssignmentSpec } from '../../src/assignments/spec.ts';
import { compareCodePoints } from '../reports/format.ts';

/** Folder names never bundled, wherever they appear. */
const EXCLUDED_DIRS = new Set(['node_modules', 'dist', '.cache', '.astro', '.git', 'test-results', 'coverage']);
const ASSIGNMENT_ID = /^[a-z][a-z0-9-]*$/;
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
/** Relative module specifiers in import/export statements and dynamic import(). */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"\n]+)['"]/g;

function excluded(rel: string): boolean {
  return rel.split('/').some((part) => EXCLUDED_DIRS.has(part) || part.startsWith('.')) || rel.endsWith('.log');
}

/** Files under a repo-relative root (itself a file or a folder); symbolic links are not followed. */
function walk(repoRoot: string, rel: string, out: Set<string>): void {
  if (excluded(rel)) return;
  const abs = join(repoRoot, rel);
  if (!existsSync(abs)) return;
  const st = lstatSync(abs);
  if (st.isSymbolicLink()) return;
  if (st.isFile()) out.add(rel);
  else if (st.isDirectory()) for (const name of readdirSync(abs)) walk(repoRoot, `${rel}/${name}`, out);
}

/** Adds, until nothing changes, every existing repo file a bundled source imports relatively. */
function addImports(repoRoot: string, files: Set<string>): void {
  const queue = [...files];
  while (queue.length) {
    const rel = queue.pop()!;
    if (!SOURCE.test(rel)) continue;
    for (const [, spec] of readFileSync(join(repoRoot, rel), 'utf8').matchAll(IMPORT)) {
      const target = relative(repoRoot, join(repoRoot, dirname(rel), spec)).split(sep).join('/');
      if (target.startsWith('..') || files.has(target) || excluded(target)) continue;
      const abs = join(repoRoot, target);
      if (existsSync(abs) && lstatSync(abs).isFile()) {
        files.add(target);
        queue.push(target);
      }
    }
  }
}

/**
 * The repo-relative paths ('/'-separated, code-point order) bundled for `assignmentId`:
 * package.json, package-lock.json, kernels/, src/cells/, src/assignments/, grader/, content/,
 * assignments/<id>.yaml, its private folder, and whatever those import relatively.
 */
export function bundleFileList(repoRoot: string, assignmentId: string): string[] {
  if (!ASSIGNMENT_ID.test(assignmentId)) throw new Error(`not an assignment id: ${JSON.stringify(assignmentId)}`);
  const specRel = `assignments/${assignmentId}.yaml`;
  const specAbs = join(repoRoot, specRel);
  if (!existsSync(specAbs)) throw new Error(`no assignment spec at ${specAbs}`);
  const spec = parseAssignmentSpec(readFileSync(specAbs, 'utf8'), specAbs);
  const privateRel = `assignments/${spec.private.split('/').filter((p) => p && p !== '.').join('/')}`;
  if (!existsSync(join(repoRoot, privateRel))) throw new Error(`${spec.id}: no private folder at ${privateRel}`);
  const files = new Set<string>();
  for (const root of ['package.json', 'package-lock.json', 'kernels', 'src/cells', 'src/assignments', 'grader', 'content', specRel, privateRel]) {
    walk(repoRoot, root, files);
  }
  for (const required of ['package.json', 'package-lock.json', 'grader/cli.ts']) {
    if (!files.has(required)) throw new Error(`bundle: ${required} is missing from ${repoRoot}`);
  }
  addImports(repoRoot, files);
  return [...files].sort(compareCodePoints);
}
