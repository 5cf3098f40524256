// Citations by key, resolved against src/references/bibliography.yaml and linked to appendix C:
//
//   [@vaswani2017attention]            -> (Vaswani et al., 2017)             parenthetical
//   [@brown2020language, §2.3]         -> (Brown et al., 2020, §2.3)         with a locator
//   [@lee2022deduplicating; @kandpal2022deduplicating]  -> (Lee et al., 2022; Kandpal et al., 2022)
//   @carlini2019secret                 -> Carlini et al. (2019)              in the sentence
//   - [@vaswani2017attention] note     -> the full entry, then the note      a reading list
//
// Each label links to /references/#key (/en/references/#key on English pages). A list item that
// starts with a citation is a reading-list line and shows the full entry. An unknown key fails the
// build, naming the file and the key. Code, math and existing links are left alone.
import { readFileSync } from 'node:fs';
import { visit, SKIP } from 'unist-util-visit';
import { authorList, chineseTitle, entryHref, identifierLinks, parseBibliography } from '../references/bibliography.mjs';

// [@key], [@key, locator], [@a; @b]; or a bare @key (lower-case letters, then a 4-digit year).
const CITATION = /\[(@[a-z][a-z0-9]*(?:,[^\];]*)?(?:;\s*@[a-z][a-z0-9]*(?:,[^\];]*)?)*)\]|(?<![\w@/.])@([a-z]+\d{4}[a-z0-9]*)\b/g;

/**
 * @param {{ bibliography: URL | string }} options path of bibliography.yaml
 */
export function remarkCitations(options) {
  const entries = parseBibliography(readFileSync(options.bibliography, 'utf8'));
  return (tree, file) => {
    const path = String(file.path ?? '');
    const lang = /[\\/]content[\\/]en[\\/]/.test(path) ? 'en' : 'zh';
    const lookup = (key) => {
      const entry = entries.get(key);
      if (!entry) throw new Error(`${path}: citation @${key} names no entry in src/references/bibliography.yaml`);
      return entry;
    };
    markListItemStarts(tree);
    visit(tree, (node, index, parent) => {
      if (node.type === 'link' || node.type === 'linkReference') return SKIP;
      if (node.type !== 'text' || !parent || index === undefined) return;
      const nodes = expand(node.value, lookup, lang, isReadingListStart(parent, index, node));
      if (!nodes) return;
      parent.children.splice(index, 1, ...nodes);
      return index + nodes.length;
    });
  };
}

/** Every citation key in a Markdown source, for the reference test. */
export function citedKeys(source) {
  const keys = [];
  for (const m of source.matchAll(CITATION)) {
    if (m[2]) keys.push(m[2]);
    else for (const part of m[1].split(';')) keys.push(part.trim().slice(1).split(',')[0].trim());
  }
  return keys;
}

/** True for the first text of a list item's first paragraph, when that text starts with "[@". */
function isReadingListStart(parent, index, node) {
  return index === 0 && parent.type === 'paragraph' && parent.data?.listItemFirst === true && /^\[@/.test(node.value);
}

function expand(text, lookup, lang, readingList) {
  CITATION.lastIndex = 0;
  if (!CITATION.test(text)) return undefined;
  CITATION.lastIndex = 0;
  const out = [];
  let last = 0;
  for (const m of text.matchAll(CITATION)) {
    if (m.index > last) out.push({ type: 'text', value: text.slice(last, m.index) });
    if (m[2]) {
      const e = lookup(m[2]);
      const [who, year] = splitLabel(e.label);
      out.push(citeLink(e, lang, `${who} (${year})`));
    } else if (readingList && m.index === 0) {
      out.push(...fullEntry(lookup(m[1].slice(1).split(',')[0].trim()), lang));
    } else {
      out.push(...parenthetical(m[1], lookup, lang));
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}

/** "(A et al., 2017, §2; B & C, 2019)", each label a link; full-width brackets on Chinese pages. */
function parenthetical(inner, lookup, lang) {
  const [open, close, comma] = lang === 'zh' ? ['（', '）', '，'] : ['(', ')', ', '];
  const out = [{ type: 'text', value: open }];
  inner.split(';').forEach((part, i) => {
    const [keyPart, ...locator] = part.trim().split(',');
    const e = lookup(keyPart.trim().slice(1));
    if (i > 0) out.push({ type: 'text', value: lang === 'zh' ? '；' : '; ' });
    out.push(citeLink(e, lang, e.label));
    const loc = locator.join(',').trim();
    if (loc) out.push({ type: 'text', value: `${comma}${loc}` });
  });
  out.push({ type: 'text', value: close });
  return out;
}

/** "Vaswani et al., 2017" -> ["Vaswani et al.", "2017"]; the year may carry a/b. */
function splitLabel(label) {
  const at = label.lastIndexOf(', ');
  return [label.slice(0, at), label.slice(at + 2)];
}

function citeLink(e, lang, text) {
  return {
    type: 'link',
    url: entryHref(e.key, lang),
    title: e.title,
    data: { hProperties: { className: ['citation'] } },
    children: [{ type: 'text', value: text }],
  };
}

/** "Authors (year). Title. Venue. doi:… arXiv:…" with the title linked to the entry. */
function fullEntry(e, lang) {
  const out = [{ type: 'text', value: `${authorList(e)} (${e.year}). ` }];
  out.push({ ...citeLink(e, lang, e.title), data: { hProperties: { className: ['citation', 'citation-full'] } } });
  const zh = chineseTitle(e);
  if (zh) out.push({ type: 'text', value: lang === 'zh' ? `（${zh}）` : ` (${zh})` });
  out.push({ type: 'text', value: '. ' });
  if (e.venue) out.push({ type: 'emphasis', children: [{ type: 'text', value: e.venue }] }, { type: 'text', value: '. ' });
  identifierLinks(e).forEach((id, i) => {
    if (i > 0) out.push({ type: 'text', value: ' ' });
    out.push(id.href ? { type: 'link', url: id.href, children: [{ type: 'text', value: id.text }] } : { type: 'text', value: id.text });
  });
  return out;
}

/** Marks each list item's first paragraph, so a citation that opens it becomes a full entry. */
function markListItemStarts(tree) {
  visit(tree, 'listItem', (item) => {
    const first = item.children[0];
    if (first?.type === 'paragraph') first.data = { ...first.data, listItemFirst: true };
  });
}
