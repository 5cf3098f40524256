/** The errata appendix's words in each language (the rows' own text is in errata.yaml). */
import type { Lang } from './errata.ts';

export const errataStrings = {
  zh: {
    section: '章节',
    says: '原文',
    correct: '正确的是',
    where: '讨论与验证',
    assumption: '前提',
    aside: '勘误框',
    cell: '单元格',
    failingCell: (id: string) => `失败的单元格 ${id}`,
    checked: {
      source: '无单元格：对照框中引用的原始文献核对',
      docs: '无单元格：对照相关库的官方文档核对',
      reading: '无单元格：由原文自身的文字、代码或图得出',
    },
    summary: (rows: number, withCell: number, asides: number) =>
      `共 ${rows} 条勘误，正文中有 ${asides} 个勘误框；其中 ${withCell} 条有复现错误的单元格（运行后显示 ✗）。`,
    caption: (doc: string) => `文档 ${doc} 的勘误`,
  },
  en: {
    section: 'Section',
    says: 'What it says',
    correct: 'What is correct',
    where: 'Discussed and checked in',
    assumption: 'Assumes',
    aside: 'erratum box',
    cell: 'cell',
    failingCell: (id: string) => `failing cell ${id}`,
    checked: {
      source: 'No cell: checked against the works cited in the box',
      docs: "No cell: checked against the library's documentation",
      reading: "No cell: follows from the document's own text, code or diagram",
    },
    summary: (rows: number, withCell: number, asides: number) =>
      `${rows} errata, discussed in ${asides} erratum boxes in the text; ${withCell} of them have a cell that reproduces the mistake (it shows ✗ when run).`,
    caption: (doc: string) => `Errata of document ${doc}`,
  },
} satisfies Record<Lang, unknown>;
