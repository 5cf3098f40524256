/**
 * Finding cells in a chapter's Markdown tree: the one parser both the site (remark-cells.mjs)
 * and the Node cell runner (tests/cells/run.ts) use, so the tests run exactly what readers see.
 *
 *   ```ts cell id=compute hidden autorun readonly erratum timeout=60
 *   ```ts cell exercise=ch4-sigmoid-grad role=starter
 *   ```ts cell type-error
 *
 * A cell's id is its `id=` option or, failing that, derived from the nearest heading above it
 * and its position under that heading (`c-<hash(heading)>-<n>`): editing a cell's code, or
 * adding cells under other headings, keeps the id, so a reader's saved edit stays attached.
 */

/** Options from a cell's fence meta string. */
export interface CellOptions {
  /** Explicit id (`id=name`); letters, digits, `-` and `_`. */
  id?: string;
  /** Code starts collapsed; the cell still runs in page order. */
  hidden: boolean;
  /** Run when the page has loaded (after the cells above it). */
  autorun: boolean;
  /** Readers can run but not edit. */
  readonly: boolean;
  /**
   * The cell reproduces a mistake in a source document, so its checks are meant to fail (✗):
   * the page labels it, and the cell runner requires at least one failed check instead of none.
   */
  erratum: boolean;
  /**
   * `type-error`: the cell has a type error on purpose (an erratum's or a starter's mistake):
   * `npm run test:types` then requires one instead of none. Set only when present.
   */
  typeError?: true;
  /** Per-cell time limit in seconds (default: DEFAULT_TIMEOUT_S). */
  timeout?: number;
  /** The exercise this cell belongs to (`exercise=ch4-sigmoid-grad`). */
  exercise?: string;
  /** Its part in the exercise: the reader's starting code, the hidden checks, or the solution. */
  role?: 'starter' | 'check' | 'solution';
}

const ROLES = new Set(['starter', 'check', 'solution']);

/** One cell as the page and the runner see it. */
export interface CellSpec {
  /** Stable id, unique on its page. */
  id: string;
  /** 0-based position on the page. */
  index: number;
  /** The original source (TypeScript). */
  code: string;
  /** Hash of `code`, stored with a reader's edit to notice when the author changes the cell. */
  hash: string;
  options: CellOptions;
}

export const DEFAULT_TIMEOUT_S = 20;
const CELL_LANGS = new Set(['ts', 'typescript']);
const ID = /^[A-Za-z][\w-]*$/;

/** True when a fenced code node (`lang`, `meta`) is a cell. */
export function isCellFence(lang: string | null | undefined, meta: string | null | undefined): boolean {
  return !!lang && CELL_LANGS.has(lang) && /(^|\s)cell(\s|$)/.test(meta ?? '');
}

/**
 * Parses a fence meta string (`cell id=x hidden timeout=30`).
 * @example parseMeta('cell id=a readonly'); // { id: 'a', readonly: true, hidden: false, autorun: false, erratum: false }
 */
export function parseMeta(meta: string): CellOptions {
  const options: CellOptions = { hidden: false, autorun: false, readonly: false, erratum: false };
  for (const word of meta.trim().split(/\s+/).filter(Boolean)) {
    const [key, value] = word.split('=', 2) as [string, string | undefined];
    if (key === 'cell') continue;
    if (key === 'hidden' || key === 'autorun' || key === 'readonly' || key === 'erratum') {
      if (value !== undefined) throw new Error(`invalid cell option: ${word}`);
      options[key] = true;
    } else if (key === 'type-error') {
      if (value !== undefined) throw new Error(`invalid cell option: ${word}`);
      options.typeError = true;
    } else if (key === 'id') {
      if (!value || !ID.test(value)) throw new Error(`invalid cell id: ${value}`);
      options.id = value;
    } else if (key === 'exercise') {
      if (!value || !ID.test(value)) throw new Error(`invalid exercise id: ${value}`);
      options.exercise = value;
    } else if (key === 'role') {
      if (!value || !ROLES.has(value)) throw new Error(`invalid cell role: ${value} (starter, check or solution)`);
      options.role = value as CellOptions['role'];
    } else if (key === 'timeout') {
      const seconds = Number(value);
      if (!(seconds > 0)) throw new Error(`invalid cell timeout: ${value}`);
      options.timeout = seconds;
    } else {
      throw new Error(`unknown cell option: ${word}`);
    }
  }
  return options;
}

/** A short, stable string hash (FNV-1a, 32 bit, base 36); same in Node and browsers. */
export function hashString(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** Minimal mdast shapes this module reads (so it needs no mdast types). */
export interface MdNode {
  type: string;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  depth?: number;
  children?: MdNode[];
  position?: { start: { line: number } };
}

/** A cell plus where it sits in the tree (for the remark plugin to replace it). */
export interface FoundCell {
  spec: CellSpec;
  node: MdNode;
  parent: MdNode;
  indexInParent: number;
}

/**
 * All cells in a tree, in page order. Throws (naming the line) on a bad option or a duplicate id.
 * @param where a file name for error messages
 */
export function collectCells(tree: MdNode, where = 'page'): FoundCell[] {
  const found: FoundCell[] = [];
  const ids = new Set<string>();
  let heading = '';
  const underHeading = new Map<string, number>();
  const walk = (node: MdNode, parent: MdNode | null, indexInParent: number) => {
    if (node.type === 'heading') {
      heading = textOf(node);
      return;
    }
    if (node.type === 'code' && parent && isCellFence(node.lang, node.meta)) {
      const line = node.position?.start.line ?? 0;
      let options: CellOptions;
      try {
        options = parseMeta(node.meta ?? '');
      } catch (e) {
        throw new Error(`${where}:${line}: ${(e as Error).message}`);
      }
      const n = (underHeading.get(heading) ?? 0) + 1;
      underHeading.set(heading, n);
      const id = options.id ?? `c-${hashString(heading)}-${n}`;
      if (ids.has(id)) throw new Error(`${where}:${line}: duplicate cell id '${id}'`);
      ids.add(id);
      const code = node.value ?? '';
      found.push({ spec: { id, index: found.length, code, hash: hashString(code), options }, node, parent, indexInParent });
      return;
    }
    node.children?.forEach((child, i) => walk(child, node, i));
  };
  walk(tree, null, 0);
  return found;
}

function textOf(node: MdNode): string {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map(textOf).join('');
}
