// Reads the book's bibliography (bibliography.yaml) and the verdicts on the source documents'
// citations (document-citations.yaml), checks them, and formats entries for both languages.
// Used by the citation plugin (src/markdown/remark-citations.mjs), the appendix C components
// (components/references/) and the reference test, so all three agree on one parse.
import yaml from 'js-yaml';

/**
 * @typedef {{
 *   key: string, type: string, authors: string[], etAl: boolean, title: string,
 *   titleZh?: string, zhEdition?: string, venue?: string, year: number, doi?: string, arxiv?: string,
 *   isbn?: string, url?: string, label: string,
 * }} Entry
 * `label` is the short author-year label ("Vaswani et al., 2017"), with a/b suffixes when two
 * entries would otherwise share one.
 *
 * @typedef {{
 *   doc: string, where: string, cited: string, keys: string[], verdict: string,
 *   erratum: boolean, note?: { zh: string, en: string },
 * }} DocumentCitation
 */

export const TYPES = ['article', 'paper', 'book', 'chapter', 'report', 'preprint', 'course', 'lecture', 'dataset', 'standard'];
export const VERDICTS = ['correct', 'imprecise', 'wrong-authors', 'wrong-title', 'wrong-year', 'wrong-detail', 'not-found'];
export const KEY = /^[a-z][a-z0-9]*$/;

/** DOI: "10." + registrant + "/" + suffix (no URL prefix). */
export const isDoi = (s) => /^10\.\d{4,9}\/\S+$/.test(s);
/** New-style arXiv id, YYMM.NNNN (to 2014) or YYMM.NNNNN (from 2015), without "arXiv:". */
export const isArxiv = (s) => {
  const m = /^(\d{2})(\d{2})\.(\d{4,5})$/.exec(s);
  if (!m) return false;
  const [yy, mm, n] = [Number(m[1]), Number(m[2]), m[3]];
  return mm >= 1 && mm <= 12 && yy >= 7 && n.length === (yy >= 15 ? 5 : 4);
};
/** ISBN-10 or ISBN-13 (hyphens allowed) whose check digit is right. */
export function isIsbn(s) {
  const d = s.replace(/-/g, '');
  if (/^\d{13}$/.test(d)) {
    const sum = [...d].reduce((acc, c, i) => acc + Number(c) * (i % 2 ? 3 : 1), 0);
    return sum % 10 === 0;
  }
  if (/^\d{9}[\dX]$/.test(d)) {
    const sum = [...d].reduce((acc, c, i) => acc + (c === 'X' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  return false;
}

/**
 * Parses bibliography.yaml; throws naming the entry and field when something is malformed.
 * @param {string} text
 * @returns {Map<string, Entry>}
 */
export function parseBibliography(text) {
  const raw = yaml.load(text);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('bibliography: expected a mapping of key -> entry');
  /** @type {Map<string, Entry>} */
  const entries = new Map();
  for (const [key, value] of Object.entries(raw)) {
    const fail = (msg) => { throw new Error(`bibliography: ${key}: ${msg}`); };
    if (!KEY.test(key)) fail('keys are lower-case letters and digits');
    if (!value || typeof value !== 'object') fail('expected a mapping');
    const e = /** @type {Record<string, unknown>} */ (value);
    if (!TYPES.includes(String(e.type))) fail(`type must be one of ${TYPES.join(', ')}, not ${e.type}`);
    for (const field of ['authors', 'title']) if (typeof e[field] !== 'string' || !e[field]) fail(`${field} is missing`);
    if (!Number.isInteger(e.year)) fail('year must be a number');
    // Identifiers must be YAML strings: an unquoted 1706.03760 would be read as the number 1706.0376.
    if (e.doi !== undefined && (typeof e.doi !== 'string' || !isDoi(e.doi))) fail(`malformed DOI ${e.doi}`);
    if (e.arxiv !== undefined && (typeof e.arxiv !== 'string' || !isArxiv(e.arxiv))) fail(`malformed arXiv id ${e.arxiv} (quote it: '1706.03762')`);
    if (e.isbn !== undefined && (typeof e.isbn !== 'string' || !isIsbn(e.isbn))) fail(`ISBN ${e.isbn} fails its checksum`);
    if (e.url !== undefined && !/^https:\/\//.test(String(e.url))) fail('url must be https');
    entries.set(key, {
      key,
      type: String(e.type),
      authors: String(e.authors).split(';').map((a) => a.trim()),
      etAl: e.et_al === true,
      title: String(e.title),
      titleZh: optional(e.title_zh),
      zhEdition: optional(e.zh_edition),
      venue: optional(e.venue),
      year: Number(e.year),
      doi: optional(e.doi),
      arxiv: optional(e.arxiv),
      isbn: optional(e.isbn),
      url: optional(e.url),
      label: '',
    });
  }
  assignLabels(entries);
  return entries;
}

/**
 * Parses document-citations.yaml against the bibliography.
 * @param {string} text
 * @param {Map<string, Entry>} entries
 * @returns {DocumentCitation[]}
 */
export function parseDocumentCitations(text, entries) {
  const raw = yaml.load(text);
  if (!Array.isArray(raw)) throw new Error('document-citations: expected a list');
  return raw.map((row, i) => {
    const fail = (msg) => { throw new Error(`document-citations: row ${i + 1} (${row?.doc} ${row?.where}): ${msg}`); };
    if (!/^00[0-4]$/.test(String(row.doc))) fail('doc must be 000..004');
    if (!VERDICTS.includes(row.verdict)) fail(`verdict must be one of ${VERDICTS.join(', ')}`);
    if (!Array.isArray(row.keys)) fail('keys must be a list');
    for (const key of row.keys) if (!entries.has(key)) fail(`unknown key ${key}`);
    if (row.verdict !== 'correct' && !(row.note?.zh && row.note?.en)) fail('a verdict other than correct needs a note in zh and en');
    return { doc: String(row.doc), where: String(row.where), cited: String(row.cited), keys: row.keys, verdict: row.verdict, erratum: row.erratum === true, note: row.note };
  });
}

const optional = (v) => (v === undefined || v === null ? undefined : String(v));

/** "Vaswani, Ashish" -> "Vaswani"; an organisation ("SAE International") is its own name. */
export const family = (author) => author.split(',')[0].trim();

function assignLabels(entries) {
  const byLabel = new Map();
  for (const e of entries.values()) {
    const names = e.authors.map(family);
    const who = e.etAl || names.length > 2 ? `${names[0]} et al.` : names.join(' & ');
    const base = `${who}, ${e.year}`;
    byLabel.set(base, [...(byLabel.get(base) ?? []), e]);
  }
  for (const [base, group] of byLabel) {
    if (group.length === 1) { group[0].label = base; continue; }
    // Same authors and year: 2023a, 2023b in key order, as author-year styles do.
    group.sort((a, b) => a.key.localeCompare(b.key));
    group.forEach((e, i) => { e.label = `${base}${String.fromCharCode(97 + i)}`; });
  }
}

/** Bibliography order: first author's family name, then year, then title. */
export function sortedEntries(entries) {
  return [...entries.values()].sort((a, b) =>
    family(a.authors[0]).localeCompare(family(b.authors[0]), 'en', { sensitivity: 'base' }) || a.year - b.year || a.title.localeCompare(b.title));
}

/** "Kingma, Diederik P." -> "Kingma, D. P."; "Chang, Ming-Wei" -> "Chang, M.-W."; organisations unchanged. */
export function abbreviate(author) {
  const comma = author.indexOf(',');
  if (comma < 0) return author;
  const fam = author.slice(0, comma).trim();
  const givenFull = author.slice(comma + 1).trim();
  const native = /（.*）/.exec(givenFull)?.[0] ?? '';
  const given = givenFull.replace(/（.*）/, '').trim();
  const initials = given
    .split(/\s+/)
    .map((word) => word.split('-').map((part) => (part.endsWith('.') && part.length <= 3 ? part : `${part[0]}.`)).join('-'))
    .join(' ');
  return `${fam}, ${initials}${native}`;
}

/** The authors as an APA-style list: "A, B, & C" or "A, et al." */
export function authorList(e) {
  const names = e.authors.map(abbreviate);
  if (e.etAl) return `${names.join(', ')}, et al.`;
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')}, & ${names.at(-1)}`;
}

/** Where an entry's identifiers point, in display order. */
export function identifierLinks(e) {
  const links = [];
  if (e.doi) links.push({ text: `doi:${e.doi}`, href: `https://doi.org/${e.doi}` });
  if (e.arxiv) links.push({ text: `arXiv:${e.arxiv}`, href: `https://arxiv.org/abs/${e.arxiv}` });
  if (e.isbn) links.push({ text: `ISBN ${e.isbn}`, href: undefined });
  if (!e.doi && !e.arxiv && e.url) links.push({ text: e.url.replace(/^https:\/\/(www\.)?/, '').replace(/\/$/, ''), href: e.url });
  return links;
}

/** URL of an entry on appendix C in a language: /references/#key or /en/references/#key. */
export const entryHref = (key, lang) => `${lang === 'en' ? '/en' : ''}/references/#${key}`;

/** The Chinese title and edition, shown after the title: "《深度学习》，人民邮电出版社，2017". */
export function chineseTitle(e) {
  if (!e.titleZh) return undefined;
  return e.zhEdition ? `《${e.titleZh}》，${e.zhEdition}` : `《${e.titleZh}》`;
}
