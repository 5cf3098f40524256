// Numbers display equations per page and resolves references to them, as LaTeX would.
//
//   $$ L = \frac{1}{n}\sum_i (y_i - \hat y_i)^2 \label{mse} $$   -> shown with (1), anchor #eq-mse
//   ... as $\eqref{mse}$ shows ...                               -> a link "(1)" to #eq-mse
//
// Every display equation gets a number unless it says \notag or \nonumber, or sets its own \tag.
// A reference to an unknown label fails the build, naming the file and the label.
import { visit } from 'unist-util-visit';

const LABEL = /\\label\{([^}]+)\}/;
const REFERENCE = /^\s*\\(eq)?ref\{([^}]+)\}\s*$/;
const NO_NUMBER = /\\(notag|nonumber)\b/;

/** @returns {(tree: any, file: any) => void} */
export function remarkEquationNumbers() {
  return (tree, file) => {
    const numbers = numberDisplayEquations(tree);
    const isMdx = String(file.path ?? '').endsWith('.mdx');
    visit(tree, 'inlineMath', (node, index, parent) => {
      const match = REFERENCE.exec(node.value);
      if (!match || !parent || index === undefined) return;
      const [, eq, label] = match;
      const n = numbers.get(label);
      if (n === undefined) {
        throw new Error(`${file.path}: \\${eq ?? ''}ref{${label}} names no equation on this page`);
      }
      const text = eq ? `(${n})` : String(n);
      parent.children[index] = link(`#${anchorId(label)}`, text, isMdx);
    });
    visit(tree, 'math', (node, index, parent) => {
      const label = node.data?.equationLabel;
      if (!label || !parent || index === undefined) return;
      parent.children.splice(index, 0, anchor(anchorId(label), isMdx));
      return index + 2; // skip past the inserted anchor and this equation
    });
  };
}

/** Assigns numbers in page order; returns label -> number. */
function numberDisplayEquations(tree) {
  const numbers = new Map();
  let next = 1;
  visit(tree, 'math', (node) => {
    if (NO_NUMBER.test(node.value)) {
      setTex(node, node.value.replaceAll(new RegExp(NO_NUMBER, 'g'), ''));
      return;
    }
    if (/\\tag\{/.test(node.value)) return;
    const n = next++;
    const match = LABEL.exec(node.value);
    if (match) {
      if (numbers.has(match[1])) throw new Error(`duplicate equation label "${match[1]}"`);
      numbers.set(match[1], n);
      node.data = { ...node.data, equationLabel: match[1] };
    }
    setTex(node, `${node.value.replace(LABEL, '')} \\tag{${n}}`);
  });
  return numbers;
}

/** Rewrites a math node's TeX. mdast-util-math copies the TeX into the <code> element it puts in
 * data.hChildren at parse time, and that copy is what reaches rehype-katex, so both must change. */
function setTex(node, tex) {
  node.value = tex;
  const code = node.data?.hChildren?.[0];
  if (code?.type === 'element') code.children = [{ type: 'text', value: tex }];
}

export function anchorId(label) {
  return `eq-${label.replace(/[^\w-]/g, '-')}`;
}

function anchor(id, isMdx) {
  if (!isMdx) return { type: 'html', value: `<span id="${id}" class="eq-anchor"></span>` };
  return {
    type: 'mdxJsxFlowElement',
    name: 'span',
    attributes: [attr('id', id), attr('class', 'eq-anchor')],
    children: [],
  };
}

function link(href, text, isMdx) {
  if (!isMdx) return { type: 'html', value: `<a class="eqref" href="${href}">${text}</a>` };
  return {
    type: 'mdxJsxTextElement',
    name: 'a',
    attributes: [attr('class', 'eqref'), attr('href', href)],
    children: [{ type: 'text', value: text }],
  };
}

function attr(name, value) {
  return { type: 'mdxJsxAttribute', name, value };
}
