/**
 * The assignments as the site builds them: every `assignments/*.yaml` (files at the top level
 * only; the private folders next to them are never listed or read), published against the
 * chapters' exercises, with the hash that every submission made on the page records. Node only:
 * the hand-out pages and the index call it at build time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { parseAssignmentSpec, type AssignmentSpec } from './spec.ts';
import { publishAssignment, publishedHash, type PublishedAssignment } from './published.ts';
import { chapterExercises, type ChapterExercise, type Lang } from './chapter-exercises.ts';
import { offsetOf } from './dates.ts';

export interface SiteAssignment {
  spec: AssignmentSpec;
  published: PublishedAssignment;
  /** `publishedHash(published)`: what a submission's `assignment.hash` must be. */
  hash: string;
  /** The time zone the author wrote `due` in (`+08:00`); dates are shown in it. */
  offset: string;
}

/** Spec files, sorted: `assignments/*.yaml` and `*.yml`, never anything inside a folder. */
export function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** The offset of the spec's raw `due` (the schema normalises `due` to UTC and drops it). */
function dueOffset(text: string): string {
  const raw = yaml.load(text, { schema: yaml.CORE_SCHEMA }) as { due?: unknown };
  return (typeof raw?.due === 'string' && offsetOf(raw.due)) || 'Z';
}

/** Reads, publishes and hashes every assignment; throws (naming the file) on an invalid spec. */
export async function loadAssignments(
  dir = 'assignments',
  chapters: Record<Lang, Map<string, ChapterExercise>> = { zh: chapterExercises('content', 'zh'), en: chapterExercises('content', 'en') },
): Promise<SiteAssignment[]> {
  const out: SiteAssignment[] = [];
  for (const file of specFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const spec = parseAssignmentSpec(text, file);
    // The file name is how authors find an assignment; the id is its URL. They must agree.
    if (!file.endsWith(`/${spec.id}.yaml`) && !file.endsWith(`/${spec.id}.yml`)) throw new Error(`${file}: id ${spec.id} does not match the file name`);
    const published = publishAssignment(spec, chapters);
    out.push({ spec, published, hash: await publishedHash(published), offset: dueOffset(text) });
  }
  const ids = out.map((a) => a.spec.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`assignment id ${dup} is used by two spec files`);
  return out.sort((a, b) => (a.spec.due < b.spec.due ? -1 : a.spec.due > b.spec.due ? 1 : 0));
}

let cached: Promise<SiteAssignment[]> | undefined;

/** `loadAssignments()` once per build (the pages of both languages share it). */
export function siteAssignments(): Promise<SiteAssignment[]> {
  cached ??= loadAssignments();
  return cached;
}
