/**
 * What a submission records about the site it was made on: the book build (git commit) and the
 * engine version (package.json). Computed once at build time (Node) and embedded in the page, so
 * an instructor can tell which build a student worked on.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let build: string | undefined;

/** Short git commit of the working tree the site is built from; `unknown` outside a git checkout. */
export function bookBuild(root = process.cwd()): string {
  if (build === undefined) {
    try {
      const out = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
      build = /^[0-9a-f]{4,40}$/.test(out) ? out : 'unknown';
    } catch {
      build = 'unknown'; // no git, or not a checkout (a tarball build)
    }
  }
  return build;
}

/** The engine's version: the package version in package.json (the engine ships with the book). */
export function engineVersion(root = process.cwd()): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}
