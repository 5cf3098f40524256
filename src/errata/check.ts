/**
 * The errata list against the chapters, in both languages. Returns every problem found (an empty
 * list when they agree), each naming the entry or page; tests/unit/errata.test.ts requires none.
 */
import { compareErrata, splitCellRef, type Erratum, type Lang } from './errata.ts';
import type { PageInfo } from './pages.ts';

export function errataProblems(rows: Erratum[], pagesByLang: Record<Lang, Map<string, PageInfo>>): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const e of rows) {
    if (ids.has(e.id)) problems.push(`${e.id}: two entries with this id`);
    ids.add(e.id);
  }
  rows.forEach((e, i) => {
    const next = rows[i + 1];
    if (next && compareErrata(e, next) > 0) problems.push(`${next.id}: out of order, it belongs before ${e.id} (by document, then section)`);
  });

  for (const lang of ['zh', 'en'] as const) {
    const pages = pagesByLang[lang];
    const byId = new Map(rows.map((e) => [e.id, e]));
    for (const info of pages.values()) {
      for (const line of info.unnamed) problems.push(`${info.file}:${line}: erratum box without an id, so no errata row can link to it`);
      for (const aside of info.errata) {
        const e = byId.get(aside.id);
        if (!e) problems.push(`${info.file}:${aside.line}: erratum box #${aside.id} has no entry in errata.yaml`);
        else if (!e.asides.includes(info.page)) problems.push(`${info.file}:${aside.line}: erratum box #${aside.id} is on page "${info.page}", which its entry does not list`);
        else {
          // the box must be about what its entry says: the same documents and first section
          for (const w of e.where) {
            if (!aside.text.includes(w.doc)) problems.push(`${info.file}:${aside.line}: #${aside.id} does not mention document ${w.doc}`);
          }
          if (!aside.text.includes(`§${e.where[0]!.sections[0]}`)) problems.push(`${info.file}:${aside.line}: #${aside.id} does not mention §${e.where[0]!.sections[0]}`);
        }
      }
      for (const [id, cell] of info.cells) {
        if (cell.erratum && !rows.some((e) => e.cells?.includes(`${info.page}#${id}`))) {
          problems.push(`${info.file}: erratum cell ${id} is linked from no errata entry`);
        }
      }
    }
    for (const e of rows) {
      for (const page of e.asides) {
        const info = pages.get(page);
        if (!info) problems.push(`${e.id} (${lang}): no page "${page}"`);
        else if (!info.errata.some((a) => a.id === e.id)) problems.push(`${e.id} (${lang}): page "${page}" (${info.file}) has no erratum box #${e.id}`);
      }
      for (const ref of e.cells ?? []) {
        const { page, id } = splitCellRef(ref);
        const cell = pages.get(page)?.cells.get(id);
        if (!cell) problems.push(`${e.id} (${lang}): no cell ${id} on page "${page}"`);
        else if (!cell.erratum) problems.push(`${e.id} (${lang}): cell ${ref} is not an erratum cell (it must reproduce the mistake and show ✗)`);
      }
    }
  }
  return problems;
}
