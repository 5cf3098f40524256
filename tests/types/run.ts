// `npm run test:types`: every cell of every page, both languages, type-checked in page order
// against the engine's declarations generated from kernels/ (tests/types/check.ts). Fails on a
// type error, naming the page, the cell id and the line within the cell. A cell marked
// `type-error` (its fence meta) must have one: an erratum or starter that is wrong on purpose.
//
//   node tests/types/run.ts            all pages
//   node tests/types/run.ts 04-math    pages whose path contains "04-math"
import { readFileSync, readdirSync } from 'node:fs';
import { chapterParser } from '../../src/markdown/chapter-parser.ts';
import { collectCells, type MdNode } from '../../src/cells/extract.ts';
import { checkPages, formatProblem, type TypedPage } from './check.ts';

const filter = process.argv.slice(2).find((a) => !a.startsWith('--'));
const start = performance.now();
const files = (['zh', 'en'] as const).flatMap((locale) =>
  readdirSync(`content/${locale}`, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.mdx')).sort().map((n) => `content/${locale}/${n}`),
).filter((f) => !filter || f.includes(filter));

const pages: TypedPage[] = files.map((file) => {
  const tree = chapterParser().parse(readFileSync(file, 'utf8'));
  const cells = collectCells(tree as unknown as MdNode, file).map(({ spec }) => ({ id: spec.id, code: spec.code, typeError: spec.options.typeError }));
  return { page: file, cells };
}).filter((p) => p.cells.length > 0);

const report = checkPages(pages);
for (const p of report.intended) console.log(`intended (type-error): ${formatProblem(p)}`);
for (const p of report.problems) console.log(`FAILED ${formatProblem(p)}`);
const seconds = ((performance.now() - start) / 1000).toFixed(1);
console.log(`\ntypes: ${report.cells} cells on ${pages.length} pages in ${seconds} s`);
console.log(`${report.cells - new Set(report.problems.map((p) => `${p.page}#${p.cellId}`)).size} passed, ${new Set(report.problems.map((p) => `${p.page}#${p.cellId}`)).size} failed`);
process.exit(report.problems.length ? 1 : 0);
