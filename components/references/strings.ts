// Words of appendix C's generated parts, in both languages.

export type Lang = 'zh' | 'en';

export const VERDICT_LABELS: Record<string, Record<Lang, string>> = {
  correct: { zh: '无误', en: 'Correct' },
  imprecise: { zh: '不够准确', en: 'Imprecise' },
  'wrong-authors': { zh: '作者错误', en: 'Wrong authors' },
  'wrong-title': { zh: '题目错误', en: 'Wrong title' },
  'wrong-year': { zh: '年份错误', en: 'Wrong year' },
  'wrong-detail': { zh: '说法错误', en: 'Wrong detail' },
  'not-found': { zh: '查无此作', en: 'Cannot be found' },
};

export const STRINGS = {
  zh: {
    key: '引用键',
    entries: '对应条目',
    noEntry: '无（找不到这部作品）',
    erratum: '已列入勘误表',
    errataHref: '/errata/#勘误表',
    tally: (checked: number, right: number, imprecise: number, wrong: number, entries: number) =>
      `五篇文档共引用或推荐作品 ${checked} 处（同一文档同一作品计一处）：${right} 处无误，${imprecise} 处不够准确，${wrong} 处有错；本书书目共 ${entries} 条。`,
  },
  en: {
    key: 'key',
    entries: 'Entries',
    noEntry: 'none (the work cannot be found)',
    erratum: 'listed in the errata',
    errataHref: '/en/errata/#table-of-errata',
    tally: (checked: number, right: number, imprecise: number, wrong: number, entries: number) =>
      `The five documents cite or recommend works at ${checked} places (one per document and work): ${right} correct, ${imprecise} imprecise, ${wrong} wrong. The book's bibliography has ${entries} entries.`,
  },
} as const;

/** Splits "see *Deep Learning* (2016)" into plain and italic runs, so notes written with Markdown
 * emphasis render as text and <em>, never as HTML. */
export function emphasisRuns(text: string): { text: string; em: boolean }[] {
  return text.split(/\*([^*]+)\*/).map((part, i) => ({ text: part, em: i % 2 === 1 })).filter((r) => r.text !== '');
}
