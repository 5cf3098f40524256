// The public build holds none of an assignment's private grading material: no test's code and
// no reference solution of an assignment-only exercise appears in any file of dist/, in any form
// (as written, as HTML text under Shiki's highlighting, as an escaped JS or JSON string, or
// minified). Only this test reads the private folders; the site never does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { specFiles } from '../../src/assignments/site.ts';
import { parseAssignmentSpec } from '../../src/assignments/spec.ts';
import { bookExercises } from '../support/assignment.ts';

const DIST = 'dist';
const TEXT = /\.(html|js|mjs|css|json|txt|xml|svg|map|webmanifest)$/;

interface Secret {
  /** `a1-gradients/ch4-sigmoid-grad test "large |z|"`, for the failure message. */
  what: string;
  code: string;
}

/** Whitespace never matters: minifiers drop it, highlighters split it, escapes replace it. */
const squash = (text: string) => text.replace(/\s+/g, '');

function decodeEntities(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : named[e.toLowerCase()] ?? all);
}

function unescapeString(text: string): string {
  return text
    .replace(/\\u\{([0-9a-f]+)\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})/gi, (_, a, b, c) => String.fromCodePoint(parseInt(a ?? b ?? c, 16)))
    .replace(/\\([nrt])/g, ' ')
    .replace(/\\(.)/g, '$1');
}

/** Every text form of a built file that code could hide in, squashed. */
function searchableForms(path: string, text: string): string[] {
  const forms = [text, unescapeString(text)];
  if (path.endsWith('.html')) forms.push(decodeEntities(text.replace(/<[^>]*>/g, '')), unescapeString(decodeEntities(text)));
  return forms.map(squash);
}

function distFiles(dir = DIST): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => TEXT.test(p)).map((p) => join(dir, p));
}

/** Tests and assignment-only reference solutions from every assignment's private grading.yaml. */
function privateMaterial(): { secrets: Secret[]; missing: string[] } {
  const secrets: Secret[] = [];
  const missing: string[] = [];
  for (const file of specFiles('assignments')) {
    const spec = parseAssignmentSpec(readFileSync(file, 'utf8'), file);
    const grading = join('assignments', spec.private, 'grading.yaml');
    if (!existsSync(grading)) {
      missing.push(grading);
      continue;
    }
    const raw = yaml.load(readFileSync(grading, 'utf8'), { schema: yaml.CORE_SCHEMA }) as { exercises?: Record<string, { solution?: unknown; tests?: { name?: string; code?: unknown }[] }> };
    for (const [id, entry] of Object.entries(raw?.exercises ?? {})) {
      for (const test of entry.tests ?? []) {
        if (typeof test.code === 'string') secrets.push({ what: `${spec.id}/${id} test "${test.name ?? '?'}"`, code: test.code });
      }
      const own = spec.exercises.find((e) => e.id === id)?.starter !== undefined;
      const chapterSolution = bookExercises().en.get(id)?.solution ?? '';
      // A chapter exercise's solution is public on its chapter page; a private copy of it is no secret.
      if (typeof entry.solution === 'string' && entry.solution !== 'chapter' && (own || squash(entry.solution) !== squash(chapterSolution))) {
        secrets.push({ what: `${spec.id}/${id} reference solution`, code: entry.solution });
      }
    }
  }
  return { secrets, missing };
}

/** The public sources, squashed: the chapters and the public specs. */
function publicSources(): string {
  const chapters = readdirSync('content', { recursive: true, encoding: 'utf8' }).filter((p) => /\.mdx?$/.test(p)).map((p) => join('content', p));
  return [...chapters, ...specFiles('assignments')].map((p) => squash(readFileSync(p, 'utf8'))).join('\n');
}

describe('the public build and the private grading material', () => {
  const files = distFiles().map((path) => ({ path, forms: searchableForms(path, readFileSync(path, 'utf8')) }));
  const foundIn = (code: string) => files.filter((f) => f.forms.some((form) => form.includes(squash(code)))).map((f) => f.path);

  it('the search sees code through highlighting and escaping (the public self-check is found)', () => {
    const spec = parseAssignmentSpec(readFileSync('assignments/a1-gradients.yaml', 'utf8'));
    const check = spec.exercises.find((e) => e.check)!.check!;
    expect(foundIn(check)).toContain(join(DIST, 'assignments', 'a1-gradients', 'index.html'));
  });

  it('no test code and no assignment-only reference solution from assignments/*/private/ is in dist/', () => {
    const { secrets, missing } = privateMaterial();
    if (secrets.length === 0) throw new Error(`no private material to check (missing: ${missing.join(', ') || 'no test or solution entries'})`);
    // A test may repeat an expression the chapter already shows (a public check's): that is no leak,
    // but the author may want to know the test is not secret.
    const open = publicSources();
    const known = secrets.filter((s) => open.includes(squash(s.code)));
    if (known.length) console.info(`already public in content/ or the spec, so not checked: ${known.map((s) => s.what).join('; ')}`);
    const leaks = secrets.filter((s) => !known.includes(s)).flatMap((s) => foundIn(s.code).map((path) => `${s.what} appears in ${path}`));
    expect(leaks).toEqual([]);
    expect(secrets.length - known.length).toBeGreaterThan(0);
  });
});
