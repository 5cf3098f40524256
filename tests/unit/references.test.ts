// The bibliography (src/references/bibliography.yaml), the verdicts on the documents' citations
// and the citations in content/ agree: every cited key exists, every entry is cited somewhere,
// identifiers are well-formed, and each chapter cites the same entries in both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { citedKeys, remarkCitations } from '../../src/markdown/remark-citations.mjs';
import { isArxiv, isDoi, isIsbn, parseBibliography, parseDocumentCitations } from '../../src/references/bibliography.mjs';
import { contentFiles } from '../support/pages.ts';

const BIBLIOGRAPHY = 'src/references/bibliography.yaml';
const entries = parseBibliography(readFileSync(BIBLIOGRAPHY, 'utf8'));
const verdicts = parseDocumentCitations(readFileSync('src/references/document-citations.yaml', 'utf8'), entries);

/** Keys cited in a content file's prose: code (where the syntax is shown, not used) is skipped. */
function keysIn(file: string): string[] {
  const source = readFileSync(`content/${file}`, 'utf8')
    .replace(/^(```|~~~)[\s\S]*?^\1/gm, '')
    .replace(/`[^`\n]+`/g, '');
  return citedKeys(source);
}

const citations = (['zh', 'en'] as const).flatMap((locale) =>
  contentFiles(locale).map((name) => ({ locale, name, keys: keysIn(`${locale}/${name}`) })),
);

describe('references', () => {
  it('every key cited in content/ exists in the bibliography', () => {
    const unknown = citations.flatMap(({ locale, name, keys }) =>
      keys.filter((key) => !entries.has(key)).map((key) => `content/${locale}/${name}: @${key}`));
    expect(unknown).toEqual([]);
  });

  it('every bibliography entry is cited by a chapter or by the verdicts on the documents', () => {
    const cited = new Set([...citations.flatMap((c) => c.keys), ...verdicts.flatMap((v) => v.keys)]);
    expect([...entries.keys()].filter((key) => !cited.has(key))).toEqual([]);
  });

  it('each chapter cites the same entries in Chinese and English', () => {
    const byName = (locale: 'zh' | 'en') =>
      new Map(citations.filter((c) => c.locale === locale).map((c) => [c.name, [...new Set(c.keys)].sort()]));
    const zh = byName('zh');
    const en = byName('en');
    const differ = [...zh.keys()]
      .filter((name) => JSON.stringify(zh.get(name)) !== JSON.stringify(en.get(name) ?? []))
      .map((name) => {
        const [a, b] = [new Set(zh.get(name)), new Set(en.get(name) ?? [])];
        return `${name}: zh only [${[...a].filter((k) => !b.has(k))}], en only [${[...b].filter((k) => !a.has(k))}]`;
      });
    expect(differ).toEqual([]);
  });

  it('identifiers are well-formed: DOI 10.x/y, arXiv YYMM.NNNNN, ISBN with a valid check digit', () => {
    const bad = [...entries.values()].flatMap((e) => [
      ...(e.doi && !isDoi(e.doi) ? [`${e.key}: doi ${e.doi}`] : []),
      ...(e.arxiv && !isArxiv(e.arxiv) ? [`${e.key}: arXiv ${e.arxiv}`] : []),
      ...(e.isbn && !isIsbn(e.isbn) ? [`${e.key}: ISBN ${e.isbn}`] : []),
    ]);
    expect(bad).toEqual([]);
    // and the checks themselves reject what they should
    expect(isDoi('10.1038/nature14539')).toBe(true);
    expect(isDoi('doi.org/10.1038/x')).toBe(false);
    expect(isArxiv('1706.03762')).toBe(true);
    expect(isArxiv('1706.0376')).toBe(false); // 2015 onwards has five digits
    expect(isArxiv('1412.6980')).toBe(true);
    expect(isArxiv('1713.03762')).toBe(false); // month 13
    expect(isIsbn('978-0-262-03561-3')).toBe(true);
    expect(isIsbn('978-0-262-03561-4')).toBe(false);
    expect(isIsbn('0-262-03561-8')).toBe(true); // the same book's ISBN-10
  });

  it('the bibliography rejects a malformed identifier, naming the entry', () => {
    const text = 'x2020y:\n  type: paper\n  authors: X, Y\n  title: T\n  year: 2020\n  arxiv: 1706.03762\n';
    expect(() => parseBibliography(text)).toThrow(/x2020y: malformed arXiv id/); // unquoted: YAML read a number
    expect(() => parseBibliography(text.replace('arxiv: 1706.03762', 'isbn: 978-0-262-03561-4'))).toThrow(/x2020y: ISBN .* checksum/);
  });

  it('a citation of an unknown key fails with the file and the key', async () => {
    const render = (value: string) =>
      unified().use(remarkParse).use(remarkCitations, { bibliography: BIBLIOGRAPHY }).run(unified().use(remarkParse).parse(value), { path: '/book/content/en/01-x.mdx', value } as never);
    await expect(render('As shown [@nosuchwork2020].')).rejects.toThrow('/book/content/en/01-x.mdx: citation @nosuchwork2020 names no entry');
    await expect(render('As shown [@vaswani2017attention].')).resolves.toBeTruthy();
  });
});
