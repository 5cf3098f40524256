// Chinese prose is wrapped at sentence ends in the MDX source (readable diffs), but a browser renders
// a newline between two Chinese characters as a space. Drop a soft line break that touches a CJK
// character or CJK punctuation on either side, the way a Chinese reader expects the text to flow.
import { visit } from 'unist-util-visit';

const CJK = '\\u2e80-\\u2fff\\u3000-\\u303f\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const BREAK_AFTER_CJK = new RegExp(`([${CJK}])[ \\t]*\\r?\\n[ \\t]*`, 'g');
const BREAK_BEFORE_CJK = new RegExp(`[ \\t]*\\r?\\n[ \\t]*([${CJK}])`, 'g');
const ENDS_WITH_CJK = new RegExp(`[${CJK}]$`);

export function remarkJoinCjkLines() {
  return (tree) => {
    visit(tree, 'text', (node, index, parent) => {
      node.value = node.value.replace(BREAK_AFTER_CJK, '$1').replace(BREAK_BEFORE_CJK, '$1');
      // A break at the start of a text node that follows CJK text in a sibling (e.g. after **粗体**).
      const previous = index > 0 ? parent?.children[index - 1] : undefined;
      if (/^[ \t]*\r?\n/.test(node.value) && previous && ENDS_WITH_CJK.test(lastText(previous))) {
        node.value = node.value.replace(/^[ \t]*\r?\n[ \t]*/, '');
      }
    });
  };
}

/** The last text inside a node (for emphasis, strong, links...). */
function lastText(node) {
  if (typeof node.value === 'string' && node.type !== 'inlineMath') return node.value;
  const children = node.children ?? [];
  return children.length ? lastText(children[children.length - 1]) : '';
}
