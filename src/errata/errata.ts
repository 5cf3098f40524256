/**
 * The errata (src/errata/errata.yaml): read, validated and put in reading order. The appendix's
 * tables are drawn from these entries and tests/unit/errata.test.ts checks them against the
 * chapters, so the list and the erratum asides cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseYamlWith } from '../assignments/yaml.ts';

export type Lang = 'zh' | 'en';
export const DOCUMENTS = ['000', '001', '002', '003', '004'] as const;

const text = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
/** A page as a URL path without the locale: "math", "projects/mlp"; "" is not a chapter. */
const page = z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, 'a page path such as "math" or "projects/mlp"');
const section = z.string().regex(/^\d+(\.\d+)*$/, 'a section number such as "4" or "4.1.2"');

const entry = z
  .object({
    id: z.string().regex(/^erratum-[0-9]{3}(-[a-z0-9]+)+$/, 'erratum-<document>-<section>-<words>'),
    where: z.array(z.object({ doc: z.enum(DOCUMENTS), sections: z.array(section).min(1) }).strict()).min(1),
    asides: z.array(page).min(1),
    cells: z.array(z.string().regex(/^[a-z0-9/-]+#[A-Za-z][\w-]*$/, '"<page>#<cell id>"')).min(1).optional(),
    checked: z.enum(['source', 'docs', 'reading']).optional(),
    assumption: text.optional(),
    says: text,
    correct: text,
  })
  .strict()
  .refine((e) => (e.cells === undefined) !== (e.checked === undefined), {
    message: 'give either cells (a failing cell reproduces the mistake) or checked (how it was checked without one), not both',
  });

export type Erratum = z.output<typeof entry>;

/** Reads and validates the errata file; throws naming the entry and field on a problem. */
export function loadErrata(path = 'src/errata/errata.yaml'): Erratum[] {
  return parseYamlWith(z.array(entry), readFileSync(path, 'utf8'), path, 'errata list');
}

/** Order key: document, then section number by number (§2 < §2.4 < §10). */
export function compareErrata(a: Erratum, b: Erratum): number {
  const [wa, wb] = [a.where[0]!, b.where[0]!];
  if (wa.doc !== wb.doc) return wa.doc < wb.doc ? -1 : 1;
  const [sa, sb] = [wa.sections[0]!.split('.').map(Number), wb.sections[0]!.split('.').map(Number)];
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const d = (sa[i] ?? -1) - (sb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** "001 §6；004 §2.3、§6.3" (zh) or "001 §6; 004 §2.3, §6.3" (en). */
export function formatWhere(e: Erratum, lang: Lang): string {
  const [docSep, secSep] = lang === 'zh' ? ['；', '、'] : ['; ', ', '];
  return e.where.map((w) => `${w.doc} ${w.sections.map((s) => `§${s}`).join(secSep)}`).join(docSep);
}

/** The page and id of a cell reference "<page>#<cell id>". */
export function splitCellRef(ref: string): { page: string; id: string } {
  const [page, id] = ref.split('#') as [string, string];
  return { page, id };
}

/** The URL of a page in a language: "math" -> "/math/" (zh, the root locale) or "/en/math/". */
export function pageUrl(page: string, lang: Lang): string {
  return lang === 'zh' ? `/${page}/` : `/en/${page}/`;
}
