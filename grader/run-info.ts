/** Versions recorded in every report, so a rerun can be compared and outputs are reproducible. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './load-assignment.ts';

export function runInfo(): { version: string; engine: string; node: string } {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  // The grader and the engine ship together, so both carry the package version; Node's major
  // version only (a patch release must not change the bytes of the reports).
  return { version: pkg.version, engine: pkg.version, node: process.versions.node.split('.')[0] };
}
