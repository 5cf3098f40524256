/**
 * The sandbox as ONE file: child.ts + the engine + the cell compiler/scope, bundled by esbuild
 * into `.cache/grader/sandbox-<hash>.mjs` on first use. One file because the child runs with
 * `--allow-fs-read=<that file>` only, and because loading one pre-linked module is much faster
 * than resolving and type-stripping ~100 .ts files in every sandbox process (README.md has the
 * numbers). The hash covers every input file and the tool versions, so an edit to the engine
 * rebuilds it, and concurrent graders (or test workers) agree on the same file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is grader/sandbox/bundle.ts). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folders whose sources can end up in the bundle. */
const SOURCE_DIRS = ['kernels', 'src/cells', 'grader/sandbox'];
/** Packages bundled in (their versions are part of the hash). */
const PACKAGES = ['esbuild', 'sucrase', 'acorn'];

/** Modules replaced by stubs: the gpu.js backend (never available in Node: its lazy registration's
 * probe finds no WebGL2, so its dynamic import never runs, but esbuild would still bundle it) and KaTeX (only the step-through viewer's labels use it; the sandbox discards them). */
const STUBS: { filter: RegExp; contents: string }[] = [
  { filter: /backends[\\/]webgl[\\/]index\.ts$/, contents: 'export const onWebglFallback = () => () => {}; export const hasWebgl2 = () => false;' },
  { filter: /^katex$/, contents: 'export default { renderToString: (s) => String(s) };' },
];

/**
 * Whether an import is one of the stubs. Matched on the path it resolves to, not as written: the
 * lazy registration imports the gpu.js backend as './index.ts', which a filter on the written
 * path missed, and 780 KB of gpu.js, gl and a second acorn went into every sandbox start.
 */
export function stubFor(path: string, resolveDir: string): number {
  const target = path.startsWith('.') ? join(resolveDir, path) : path;
  return STUBS.findIndex((stub) => stub.filter.test(target));
}

function listSources(dir: string): string[] {
  const abs = join(REPO_ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((n) => /\.(ts|mjs|js|json)$/.test(n))
    .map((n) => join(abs, n))
    .sort();
}

/** SHA-256 over the inputs' paths and contents, the package versions and the bundle options. */
export function inputsHash(): string {
  const h = createHash('sha256');
  h.update(`node ${process.version}\n`);
  for (const pkg of PACKAGES) {
    try {
      h.update(`${pkg} ${JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version}\n`);
    } catch {
      h.update(`${pkg} ?\n`);
    }
  }
  for (const dir of SOURCE_DIRS) {
    for (const file of listSources(dir)) {
      h.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  h.update(STUBS.map((s) => `${s.filter.source}=${s.contents}`).join('\n'));
  return h.digest('hex').slice(0, 16);
}

let cached: Promise<string> | undefined;

/** Path of the bundle, built if absent (once per process; the file is shared across processes). */
export function sandboxBundle(): Promise<string> {
  cached ??= buildBundle().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function buildBundle(): Promise<string> {
  const outDir = join(REPO_ROOT, '.cache', 'grader');
  const out = join(outDir, `sandbox-${inputsHash()}.mjs`);
  if (existsSync(out)) return out;
  mkdirSync(outDir, { recursive: true });
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(REPO_ROOT, 'grader', 'sandbox', 'child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    write: false,
    minify: true,
    legalComments: 'none',
    // the sandbox deletes the global `process`; nothing in the bundle may look it up later
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [{
      name: 'sandbox-stubs',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          const i = stubFor(args.path, args.resolveDir);
          return i < 0 ? undefined : { path: args.path, namespace: `stub${i}` };
        });
        for (const [i, stub] of STUBS.entries()) {
          b.onLoad({ filter: /.*/, namespace: `stub${i}` }, () => ({ contents: stub.contents, loader: 'js' }));
        }
      },
    }],
  });
  const code = result.outputFiles[0].text;
  // write then rename: another process may be building the same file right now
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, out);
  pruneOld(outDir, out);
  return out;
}

/** Bundles of earlier sources, untouched for a day (another checkout may still use a newer one). */
function pruneOld(dir: string, keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (file === keep || !/^sandbox-[0-9a-f]+\.mjs$/.test(name)) continue;
    try {
      if (statSync(file).mtimeMs < dayAgo) rmSync(file, { force: true });
    } catch { /* raced with another process */ }
  }
}
